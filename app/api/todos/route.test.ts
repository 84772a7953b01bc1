import { beforeAll, describe, expect, it } from "vitest";
import { withTestDatabase } from "@/test/database";
import { type CookieJar, createVerifiedUser, request } from "@/test/http";
import { DELETE as deleteOne, PATCH } from "./[id]/route";
import { DELETE, GET, POST } from "./route";
import { POST as toggleAll } from "./toggle-all/route";

withTestDatabase();

let alice: CookieJar;
let bob: CookieJar;

beforeAll(async () => {
  alice = await createVerifiedUser("alice@example.com");
  bob = await createVerifiedUser("bob@example.com");
});

const noParams = { params: Promise.resolve({}) };
const withId = (id: string) => ({ params: Promise.resolve({ id }) });

async function create(jar: CookieJar, title: string) {
  const res = await POST(
    await request("/api/todos", { method: "POST", jar, json: { title } }),
    noParams,
  );
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; title: string; completed: boolean };
}

describe("/api/todos", () => {
  it("answers 401 in the documented shape without a session", async () => {
    const res = await GET(await request("/api/todos"), noParams);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: { code: "unauthorized", message: expect.any(String) },
    });
  });

  it("creates a trimmed todo and lists it", async () => {
    const todo = await create(alice, "  write tests  ");
    expect(todo).toMatchObject({ title: "write tests", completed: false });
    const list = await (await GET(await request("/api/todos", { jar: alice }), noParams)).json();
    expect(list.todos.map((t: { id: string }) => t.id)).toContain(todo.id);
    expect(list.nextCursor).toBeNull();
  });

  it("rejects bad titles with 400 and a field message, writing nothing", async () => {
    for (const title of ["", "   ", "x".repeat(501), 7]) {
      const res = await POST(
        await request("/api/todos", { method: "POST", jar: bob, json: { title } }),
        noParams,
      );
      expect(res.status).toBe(400);
      expect((await res.json()).error.fields.title).toEqual(expect.any(String));
    }
    const list = await (await GET(await request("/api/todos", { jar: bob }), noParams)).json();
    expect(list.todos).toEqual([]);
  });

  it("refuses a cookie-authenticated write from another origin or Origin: null", async () => {
    for (const origin of ["https://evil.example", "null"]) {
      const res = await POST(
        await request("/api/todos", {
          method: "POST",
          jar: alice,
          json: { title: "csrf" },
          headers: { origin },
        }),
        noParams,
      );
      expect(res.status).toBe(403);
    }
  });

  it("takes JSON only (415) and no huge bodies (413)", async () => {
    const form = await POST(
      await request("/api/todos", {
        method: "POST",
        jar: alice,
        body: "title=x",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      }),
      noParams,
    );
    expect(form.status).toBe(415);
    const huge = await POST(
      await request("/api/todos", {
        method: "POST",
        jar: alice,
        json: { title: "x".repeat(20_000) },
      }),
      noParams,
    );
    expect(huge.status).toBe(413);
    const broken = await POST(
      await request("/api/todos", {
        method: "POST",
        jar: alice,
        body: "{not json",
        headers: { "content-type": "application/json" },
      }),
      noParams,
    );
    expect(broken.status).toBe(400);
  });

  it("answers 404 for a non-uuid id and for another user's todo, changing nothing", async () => {
    const todo = await create(alice, "mine");
    const notUuid = await PATCH(
      await request("/api/todos/abc", { method: "PATCH", jar: alice, json: { completed: true } }),
      withId("abc"),
    );
    expect(notUuid.status).toBe(404);
    const patch = await PATCH(
      await request(`/api/todos/${todo.id}`, {
        method: "PATCH",
        jar: bob,
        json: { title: "stolen" },
      }),
      withId(todo.id),
    );
    expect(patch.status).toBe(404);
    const del = await deleteOne(
      await request(`/api/todos/${todo.id}`, { method: "DELETE", jar: bob }),
      withId(todo.id),
    );
    expect(del.status).toBe(404);
    const own = await PATCH(
      await request(`/api/todos/${todo.id}`, {
        method: "PATCH",
        jar: alice,
        json: { completed: true },
      }),
      withId(todo.id),
    );
    expect(await own.json()).toMatchObject({ title: "mine", completed: true });
  });

  it("pages with cursor and limit", async () => {
    const carol = await createVerifiedUser("carol@example.com");
    for (let i = 0; i < 5; i++) await create(carol, `item ${i}`);
    const first = await (
      await GET(await request("/api/todos?limit=2", { jar: carol }), noParams)
    ).json();
    expect(first.todos.map((t: { title: string }) => t.title)).toEqual(["item 0", "item 1"]);
    const url = `/api/todos?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`;
    const second = await (await GET(await request(url, { jar: carol }), noParams)).json();
    expect(second.todos.map((t: { title: string }) => t.title)).toEqual(["item 2", "item 3"]);
    const bad = await GET(await request("/api/todos?cursor=garbage", { jar: carol }), noParams);
    expect(bad.status).toBe(400);
  });

  it("toggles all, filters and clears completed", async () => {
    const dave = await createVerifiedUser("dave@example.com");
    await create(dave, "a");
    await create(dave, "b");
    const toggled = await toggleAll(
      await request("/api/todos/toggle-all", {
        method: "POST",
        jar: dave,
        json: { completed: true },
      }),
      noParams,
    );
    expect(await toggled.json()).toEqual({ updated: 2 });
    const active = await (
      await GET(await request("/api/todos?filter=active", { jar: dave }), noParams)
    ).json();
    expect(active.todos).toEqual([]);
    const cleared = await DELETE(
      await request("/api/todos?completed=true", { method: "DELETE", jar: dave }),
      noParams,
    );
    expect(await cleared.json()).toEqual({ deleted: 2 });
    const all = await (await GET(await request("/api/todos", { jar: dave }), noParams)).json();
    expect(all.todos).toEqual([]);
  });

  it("deletes with 204", async () => {
    const todo = await create(alice, "gone soon");
    const res = await deleteOne(
      await request(`/api/todos/${todo.id}`, { method: "DELETE", jar: alice }),
      withId(todo.id),
    );
    expect(res.status).toBe(204);
  });
});

describe("/api/todos replays from an offline device", () => {
  it("creates with the device's id, answers the same todo when repeated, refuses another user's id", async () => {
    const id = crypto.randomUUID();
    const first = await POST(
      await request("/api/todos", { method: "POST", jar: alice, json: { title: "offline", id } }),
      noParams,
    );
    const again = await POST(
      await request("/api/todos", { method: "POST", jar: alice, json: { title: "offline", id } }),
      noParams,
    );
    expect(first.status).toBe(201);
    expect(await again.json()).toEqual(await first.json());
    const taken = await POST(
      await request("/api/todos", { method: "POST", jar: bob, json: { title: "mine?", id } }),
      noParams,
    );
    expect(taken.status).toBe(409);
    expect((await taken.json()).error.code).toBe("id_taken");
  });

  it("refuses an updatedAt that is not an ISO date-time, with a field message, changing nothing", async () => {
    const todo = await create(alice, "dated");
    const res = await PATCH(
      await request(`/api/todos/${todo.id}`, {
        method: "PATCH",
        jar: alice,
        json: { title: "x", updatedAt: "yesterday" },
      }),
      withId(todo.id),
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields.updatedAt).toMatch(/ISO 8601/);
    const cleared = await DELETE(
      await request("/api/todos?completed=true&updatedAt=soon", { method: "DELETE", jar: alice }),
      noParams,
    );
    expect(cleared.status).toBe(400);
    const list = await (await GET(await request("/api/todos", { jar: alice }), noParams)).json();
    expect(list.todos.find((t: { id: string }) => t.id === todo.id).title).toBe("dated");
  });
});
