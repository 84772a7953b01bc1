import { beforeAll, describe, expect, it, vi } from "vitest";
import { DELETE as deleteOne, PATCH } from "@/app/api/todos/[id]/route";
import { DELETE, GET, POST } from "@/app/api/todos/route";
import { POST as toggleAll } from "@/app/api/todos/toggle-all/route";
import { createTodo, TodoIdTakenError } from "@/lib/todos/queries";
import { withTestDatabase } from "@/test/database";
import { type CookieJar, callAuth, createVerifiedUser, request } from "@/test/http";

const getDb = withTestDatabase();

const noParams = { params: Promise.resolve({}) };
const withId = (id: string) => ({ params: Promise.resolve({ id }) });

let alice: CookieJar;
let bob: CookieJar;
let aliceTodos: { id: string; title: string; completed: boolean }[];

async function create(jar: CookieJar, title: string) {
  const res = await POST(
    await request("/api/todos", { method: "POST", jar, json: { title } }),
    noParams,
  );
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; title: string; completed: boolean };
}

const allTodos = () =>
  getDb()
    .selectFrom("todo")
    .select(["id", "user_id", "title", "completed", "updated_at"])
    .orderBy("id")
    .execute();

async function actorOf(jar: CookieJar) {
  const session = await (await callAuth("/get-session", { jar })).json();
  return { userId: session.user.id as string, sessionId: session.session.id as string };
}

beforeAll(async () => {
  alice = await createVerifiedUser("alice@example.com");
  bob = await createVerifiedUser("bob@example.com");
  aliceTodos = [await create(alice, "alice open"), await create(alice, "alice done")];
  const done = aliceTodos[1]?.id ?? "";
  await PATCH(
    await request(`/api/todos/${done}`, { method: "PATCH", jar: alice, json: { completed: true } }),
    withId(done),
  );
  await create(bob, "bob open");
});

/** Every cookie-authenticated write the REST API offers, as a forged request would send it. */
const WRITES: [string, (jar: CookieJar, origin: Record<string, string>) => Promise<Response>][] = [
  [
    "POST /api/todos",
    async (jar, headers) =>
      POST(
        await request("/api/todos", { method: "POST", jar, json: { title: "x" }, headers }),
        noParams,
      ),
  ],
  [
    "PATCH /api/todos/:id",
    async (jar, headers) => {
      const id = aliceTodos[0]?.id ?? "";
      return PATCH(
        await request(`/api/todos/${id}`, { method: "PATCH", jar, json: { title: "x" }, headers }),
        withId(id),
      );
    },
  ],
  [
    "DELETE /api/todos/:id",
    async (jar, headers) => {
      const id = aliceTodos[0]?.id ?? "";
      return deleteOne(
        await request(`/api/todos/${id}`, { method: "DELETE", jar, headers }),
        withId(id),
      );
    },
  ],
  [
    "DELETE /api/todos?completed=true",
    async (jar, headers) =>
      DELETE(
        await request("/api/todos?completed=true", { method: "DELETE", jar, headers }),
        noParams,
      ),
  ],
  [
    "POST /api/todos/toggle-all",
    async (jar, headers) =>
      toggleAll(
        await request("/api/todos/toggle-all", {
          method: "POST",
          jar,
          json: { completed: true },
          headers,
        }),
        noParams,
      ),
  ],
];

const FORGED_HEADERS: Record<string, string>[] = [
  { origin: "https://evil.example" },
  { origin: "null" },
  { origin: "http://localhost:3000.evil.example" },
  { origin: "https://localhost:3000" },
  // A page on another site, when the browser sends no Origin.
  { origin: "", "sec-fetch-site": "cross-site" },
  { origin: "", "sec-fetch-site": "same-site" },
  // The Host header names this app; the Origin is still foreign.
  { origin: "https://evil.example", host: "localhost:3000" },
  // This host over another scheme: a page an attacker injected into plain-http traffic.
  { origin: "https://localhost:3000", host: "localhost:3000" },
  { origin: "http://localhost:3001", host: "localhost:3000" },
];

describe("CSRF on the REST API", () => {
  for (const [name, send] of WRITES) {
    it(`refuses a cookie-authenticated ${name} from a foreign Origin or Origin: null, changing nothing`, async () => {
      for (const headers of FORGED_HEADERS) {
        const before = await allTodos();
        const res = await send(alice, headers);
        expect(res.status, JSON.stringify(headers)).toBe(403);
        expect((await res.json()).error.code).toBe("forbidden_origin");
        expect(await allTodos()).toEqual(before);
      }
    });
  }
});

describe("a crafted cursor on GET /api/todos", () => {
  const craft = (text: string) => Buffer.from(text).toString("base64url");

  it("answers 400 in the JSON error shape and logs nothing, whatever the database would make of it", async () => {
    const logged = vi.spyOn(console, "error");
    try {
      for (const cursor of [
        craft("2026-01-01T00:00:00.000Z|9999999999999999999"),
        craft("2026-01-01T00:00:00.000Z|9223372036854775808"),
        craft("+275760-09-13T00:00:00.000Z|1"),
        craft("-000001-01-01T00:00:00.000Z|1"),
        craft("0000-01-01T00:00:00.000Z|1"),
        craft("275760-09-13|1"),
        craft("2026-01-01T00:00:00.000Z|"),
        "not a cursor",
      ]) {
        const res = await GET(
          await request(`/api/todos?cursor=${encodeURIComponent(cursor)}`, { jar: alice }),
          noParams,
        );
        expect(res.status, cursor).toBe(400);
        expect(await res.json(), cursor).toEqual({
          error: {
            code: "invalid_input",
            message: "Invalid cursor",
            fields: { cursor: "Invalid cursor" },
          },
        });
      }
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });

  it("still pages from the smallest and the largest cursor Postgres can hold", async () => {
    const page = async (cursor: string) => {
      const res = await GET(await request(`/api/todos?cursor=${cursor}`, { jar: alice }), noParams);
      expect(res.status, cursor).toBe(200);
      return ((await res.json()) as { todos: unknown[] }).todos;
    };
    expect(await page(craft("1970-01-01T00:00:00.000Z|0"))).toHaveLength(aliceTodos.length);
    expect(await page(craft("9999-12-31T23:59:59.999Z|9223372036854775807"))).toEqual([]);
  });
});

describe("another user's todos through the REST API", () => {
  it("never lists another user's todos, whatever the filter or cursor", async () => {
    const aliceIds = new Set(aliceTodos.map((t) => t.id));
    const aliceList = await (
      await GET(await request("/api/todos?limit=1", { jar: alice }), noParams)
    ).json();
    for (const query of [
      "",
      "?filter=all",
      "?filter=active",
      "?filter=completed",
      "?limit=100",
      `?limit=1&cursor=${encodeURIComponent(aliceList.nextCursor)}`,
    ]) {
      const list = await (
        await GET(await request(`/api/todos${query}`, { jar: bob }), noParams)
      ).json();
      const ids = (list.todos as { id: string }[]).map((t) => t.id);
      expect(
        ids.filter((id) => aliceIds.has(id)),
        query,
      ).toEqual([]);
    }
  });

  it("answers 404 to PATCH and DELETE of another user's todo, and the todo is untouched", async () => {
    const before = await allTodos();
    for (const todo of aliceTodos) {
      for (const json of [{ title: "stolen" }, { completed: !todo.completed }]) {
        const res = await PATCH(
          await request(`/api/todos/${todo.id}`, { method: "PATCH", jar: bob, json }),
          withId(todo.id),
        );
        expect(res.status).toBe(404);
        expect((await res.json()).error.code).toBe("not_found");
      }
      const del = await deleteOne(
        await request(`/api/todos/${todo.id}`, { method: "DELETE", jar: bob }),
        withId(todo.id),
      );
      expect(del.status).toBe(404);
    }
    expect(await allTodos()).toEqual(before);
  });

  it("toggle-all and clear-completed touch only the caller's own todos", async () => {
    const aliceRows = async () =>
      (await allTodos()).filter((row) => aliceTodos.some((t) => t.id === row.id));
    const before = await aliceRows();
    for (const completed of [true, false, true]) {
      const res = await toggleAll(
        await request("/api/todos/toggle-all", { method: "POST", jar: bob, json: { completed } }),
        noParams,
      );
      expect(res.status).toBe(200);
    }
    const cleared = await DELETE(
      await request("/api/todos?completed=true", { method: "DELETE", jar: bob }),
      noParams,
    );
    expect(await cleared.json()).toEqual({ deleted: 1 });
    expect(await aliceRows()).toEqual(before);
  });

  it("refuses another user's todo id as the client-chosen id of POST /api/todos (409), changing nothing", async () => {
    const before = await allTodos();
    const res = await POST(
      await request("/api/todos", {
        method: "POST",
        jar: bob,
        json: { title: "mine now", id: aliceTodos[0]?.id },
      }),
      noParams,
    );
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe("id_taken");
    expect(await allTodos()).toEqual(before);
  });

  it("refuses another user's todo id as a new todo's client-chosen id (the create action's path), leaving it as it was", async () => {
    const before = await allTodos();
    const actor = await actorOf(bob);
    for (const todo of aliceTodos) {
      await expect(createTodo(actor, "overwrite", todo.id)).rejects.toBeInstanceOf(
        TodoIdTakenError,
      );
    }
    expect(await allTodos()).toEqual(before);
  });
});
