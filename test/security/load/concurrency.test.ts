import { beforeAll, describe, expect, it, vi } from "vitest";
import { todoAction } from "@/app/(app)/todos/actions";
import type { Actor } from "@/lib/sessions/actor";
import { loadTodoPage } from "@/lib/todos/queries";
import { withTestDatabase } from "@/test/database";
import { withoutRateLimits } from "@/test/rate-limit-backend";
import { actAs } from "@/test/security/next-request";
import {
  createVia,
  type Device,
  listAll,
  patchVia,
  type TodoJson,
  userOnTwoDevices,
} from "./two-devices";

vi.mock("next/headers", () => import("@/test/security/next-request"));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

// No rate limit may turn a request away (withoutRateLimits), so every one of the 200 reaches the
// database at once (a limiter in front would only lower the load and hide races). The limits
// themselves are tested in test/security/attacks/per-user-limits.test.ts.

const getDb = withTestDatabase();
withoutRateLimits();
const WRITES = 200;
let browser: Device;
let phone: Device;
let actor: Actor;
let created: TodoJson[] = [];

beforeAll(async () => {
  ({ browser, phone } = await userOnTwoDevices("busy@example.com"));
  const user = await getDb()
    .selectFrom("session")
    .innerJoin("user", "user.id", "session.userId")
    .select(["user.id as userId", "session.id as sessionId"])
    .where("user.email", "=", "busy@example.com")
    .executeTakeFirstOrThrow();
  actor = user;
});

async function rowsOfUser() {
  return getDb()
    .selectFrom("todo")
    .innerJoin("user", "user.id", "todo.user_id")
    .select(["todo.id", "todo.title", "todo.completed", "todo.updated_at"])
    .where("user.email", "=", "busy@example.com")
    .execute();
}

/** The counter the page shows ("N items left") against the rows themselves. */
async function expectCounterExact() {
  const rows = await rowsOfUser();
  const { counts } = await loadTodoPage(actor, { filter: "all", limit: 1 });
  expect(counts).toEqual({
    total: rows.length,
    active: rows.filter((row) => !row.completed).length,
  });
}

describe(`${WRITES} concurrent writes by one user from two devices`, () => {
  it(`${WRITES} concurrent creates (browser cookies + bearer JWT): every 201 persisted exactly once, the counter exact`, async () => {
    const titles = Array.from({ length: WRITES }, (_, i) => `${i % 2 ? "phone" : "browser"} #${i}`);
    const responses = await Promise.all(
      titles.map((title, i) => createVia(i % 2 ? phone : browser, title)),
    );
    expect(responses.map((r) => r.status)).toEqual(titles.map(() => 201));
    created = await Promise.all(responses.map((r) => r.json() as Promise<TodoJson>));

    const rows = await rowsOfUser();
    expect(rows).toHaveLength(WRITES);
    expect(new Set(rows.map((r) => r.id)).size).toBe(WRITES);
    expect(rows.map((r) => r.title).sort()).toEqual([...titles].sort());
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(created.map((t) => t.id)));
    // Both devices see the same complete list.
    for (const device of [browser, phone]) {
      expect((await listAll(device)).map((t) => t.id).sort()).toEqual(rows.map((r) => r.id).sort());
    }
    await expectCounterExact();
  });

  it(`${WRITES} concurrent toggles (two devices racing on the same todos): each todo ends as its latest acknowledged write, the counter exact`, async () => {
    // Half the todos get two racing writes (browser: done, phone: not done); a quarter one write.
    const racing = created.slice(0, WRITES / 2);
    const single = created.slice(WRITES / 2, WRITES / 2 + WRITES / 4);
    const plan = [
      ...racing.flatMap((t) => [
        { device: browser, id: t.id, completed: true },
        { device: phone, id: t.id, completed: false },
      ]),
      ...single.map((t, i) => ({ device: i % 2 ? phone : browser, id: t.id, completed: true })),
    ].slice(0, WRITES);
    expect(plan).toHaveLength(WRITES);
    const responses = await Promise.all(
      plan.map(({ device, id, completed }) => patchVia(device, id, { completed })),
    );
    expect(responses.map((r) => r.status)).toEqual(plan.map(() => 200));
    const acks = await Promise.all(responses.map((r) => r.json() as Promise<TodoJson>));

    const final = new Map((await listAll(phone)).map((t) => [t.id, t]));
    const byTodo = new Map<string, TodoJson[]>();
    for (const ack of acks) byTodo.set(ack.id, [...(byTodo.get(ack.id) ?? []), ack]);
    for (const [id, acknowledged] of byTodo) {
      const latest = acknowledged
        .map((a) => a.updatedAt)
        .sort()
        .at(-1);
      const now = final.get(id);
      // No acknowledged write is lost: the row carries the latest acknowledged one.
      expect(now?.updatedAt).toBe(latest);
      const atLatest = acknowledged.filter((a) => a.updatedAt === latest).map((a) => a.completed);
      expect(atLatest).toContain(now?.completed);
    }
    // Todos nobody toggled are untouched.
    for (const todo of created.slice(WRITES / 2 + WRITES / 4)) {
      expect(final.get(todo.id)).toMatchObject({ completed: false, updatedAt: todo.updatedAt });
    }
    await expectCounterExact();
  });

  it("a create submitted twice at once with the same client id (a double submit) is saved once, and both answers say saved (creates are idempotent)", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const ids = Array.from({ length: 50 }, () => crypto.randomUUID());
    const before = (await rowsOfUser()).length;
    actAs(browser.auth.jar);
    const results = await Promise.all(
      ids.flatMap((id) =>
        [1, 2].map(() => {
          const form = new FormData();
          form.set("intent", "create");
          form.set("id", id);
          form.set("title", `double ${id}`);
          return todoAction(form).then((result) => ({ id, result }));
        }),
      ),
    );
    // An offline replay whose first answer was lost must hear "saved" again, never an error.
    for (const id of ids) {
      const saved = results.filter((r) => r.id === id && r.result.ok);
      expect(saved).toHaveLength(2);
    }
    const rows = await rowsOfUser();
    expect(rows).toHaveLength(before + ids.length);
    expect(rows.filter((r) => ids.includes(r.id))).toHaveLength(ids.length);
    await expectCounterExact();
    vi.restoreAllMocks();
  });
});
