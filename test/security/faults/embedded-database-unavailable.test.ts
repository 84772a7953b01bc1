import { mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { GET, POST } from "@/app/api/todos/route";
import { createDatabase, type DB } from "@/lib/db/create";
import { type CookieJar, createVerifiedUser, request } from "@/test/http";
import { forgetAuth, installDatabase, settleBackgroundTasks } from "@/test/process-state";

// The embedded default (PGlite in a directory): the database cannot be opened (its directory is
// missing or unusable, as after a bad deploy or a full disk) and then can again.

const noParams = { params: Promise.resolve({}) };
let dir = "";
let current: DB | undefined;

function openApp(dataDir: string): DB {
  current = createDatabase({ kind: "pglite", dataDir, migrate: true });
  installDatabase(current);
  forgetAuth();
  return current;
}

afterAll(async () => {
  await settleBackgroundTasks();
  installDatabase(undefined);
  forgetAuth();
  await current?.destroy();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the embedded database cannot be opened", () => {
  it("the REST API answers 503 in the documented shape, then serves the same data once it opens again", async () => {
    dir = await mkdtemp(join(tmpdir(), "todo-embedded-fault-"));
    const dataDir = join(dir, "pglite");
    const before = openApp(dataDir);
    const jar: CookieJar = await createVerifiedUser("embedded@example.com");
    const created = await POST(
      await request("/api/todos", { method: "POST", jar, json: { title: "kept" } }),
      noParams,
    );
    expect(created.status).toBe(201);
    await settleBackgroundTasks();
    await before.destroy();

    // The data directory is gone and a file stands in its way: opening fails.
    await rename(dataDir, `${dataDir}.away`);
    await writeFile(dataDir, "not a database");
    openApp(dataDir);
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      for (const attempt of [
        async () => GET(await request("/api/todos", { jar }), noParams),
        async () =>
          POST(
            await request("/api/todos", { method: "POST", jar, json: { title: "lost" } }),
            noParams,
          ),
      ]) {
        const res = await attempt();
        const body = await res.json();
        expect([res.status, body]).toEqual([
          503,
          { error: { code: "unavailable", message: expect.any(String) } },
        ]);
      }
    } finally {
      errors.mockRestore();
    }

    // Back in place: the same process opens it on the next request, no restart.
    await rm(dataDir);
    await rename(`${dataDir}.away`, dataDir);
    const list = await GET(await request("/api/todos", { jar }), noParams);
    expect(list.status).toBe(200);
    const { todos } = (await list.json()) as { todos: { title: string }[] };
    expect(todos.map((t) => t.title)).toEqual(["kept"]);
  });
});
