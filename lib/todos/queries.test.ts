import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/sessions/actor";
import { withTestDatabase } from "@/test/database";
import {
  clearCompleted,
  createTodo,
  deleteTodo,
  InvalidCursorError,
  loadTodoPage,
  SessionRevokedError,
  TodoIdTakenError,
  toggleAll,
  updateTodo,
} from "./queries";

const getDb = withTestDatabase();
const alice: Actor = { userId: "alice", sessionId: "alice-laptop" };
const bob: Actor = { userId: "bob", sessionId: "bob-phone" };

async function addUserWithSession({ userId, sessionId }: Actor) {
  await getDb()
    .insertInto("user")
    .values({
      id: userId,
      name: userId,
      email: `${userId}@example.com`,
      emailVerified: true,
      image: null,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  await getDb()
    .insertInto("session")
    .values({
      id: sessionId,
      userId,
      token: `token-${sessionId}`,
      expiresAt: new Date(Date.now() + 86_400_000),
      ipAddress: null,
      userAgent: null,
      updatedAt: new Date(),
    })
    .execute();
}

beforeAll(async () => {
  await addUserWithSession(alice);
  await addUserWithSession(bob);
});

const all = (actor: Actor, limit = 50, cursor?: string) =>
  loadTodoPage(actor, { filter: "all", limit, cursor });

describe("todo queries", () => {
  it("never let one user read or change another user's todo", async () => {
    const todo = await createTodo(alice, "Alice's secret");
    expect(await updateTodo(bob, todo.id, { title: "hijacked", completed: true })).toBeUndefined();
    expect(await deleteTodo(bob, todo.id)).toBe(false);
    expect((await all(bob)).todos).toEqual([]);
    const [alices] = (await all(alice)).todos;
    expect(alices).toMatchObject({ title: "Alice's secret", completed: false });
  });

  it("do not let a session of one user act for another user", async () => {
    const forged: Actor = { userId: "alice", sessionId: bob.sessionId };
    await expect(all(forged)).rejects.toBeInstanceOf(SessionRevokedError);
    await expect(createTodo(forged, "x")).rejects.toBeInstanceOf(SessionRevokedError);
  });

  it("page through the list in creation order with an exact cursor", async () => {
    for (let i = 0; i < 7; i++) await createTodo(bob, `todo ${i}`);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await all(bob, 3, cursor);
      seen.push(...page.todos.map((t) => t.title));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 7 }, (_, i) => `todo ${i}`));
  });

  it("reject a cursor they did not issue", async () => {
    await expect(all(bob, 3, "bm9wZQ")).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it("filter, toggle all, count and clear completed for one user only", async () => {
    const first = (await all(bob, 1)).todos[0];
    if (!first) throw new Error("expected a todo");
    await updateTodo(bob, first.id, { completed: true });
    const completed = await loadTodoPage(bob, { filter: "completed", limit: 50 });
    expect(completed.todos.map((t) => t.id)).toEqual([first.id]);
    expect(completed.counts).toEqual({ total: 7, active: 6 });

    expect(await toggleAll(bob, true)).toBe(6);
    expect((await all(bob)).counts).toEqual({ total: 7, active: 0 });
    expect((await all(alice)).counts).toEqual({ total: 1, active: 1 });

    expect(await clearCompleted(bob)).toBe(7);
    expect((await all(bob)).counts).toEqual({ total: 0, active: 0 });
    expect((await all(alice)).counts).toEqual({ total: 1, active: 1 });
  });

  it("serve the first page of a 10,000-todo list with counts over all of it", async () => {
    const dora: Actor = { userId: "dora", sessionId: "dora-laptop" };
    await addUserWithSession(dora);
    await sql`insert into todo (user_id, title, completed)
      select ${dora.userId}, 'todo ' || g, g % 4 = 0 from generate_series(1, 10000) g`.execute(
      getDb(),
    );
    const page = await loadTodoPage(dora, { filter: "all", limit: 200 });
    expect(page.todos).toHaveLength(200);
    // Rows made in the same millisecond keep their creation order (a bigint, not text, order).
    expect(page.todos.slice(0, 3).map((t) => t.title)).toEqual(["todo 1", "todo 2", "todo 3"]);
    expect(page.counts).toEqual({ total: 10_000, active: 7_500 });
    expect(page.nextCursor).not.toBeNull();
  });

  it("keep an id chosen by the browser, and refuse one that is taken", async () => {
    const id = "0b4ad8a4-5f3a-4c8e-9a55-3d2f6a1b7c11";
    expect((await createTodo(alice, "chosen id", id)).id).toBe(id);
    await expect(createTodo(bob, "same id", id)).rejects.toBeInstanceOf(TodoIdTakenError);
    expect((await all(bob)).todos.map((t) => t.title)).not.toContain("same id");
  });

  it("move updatedAt on every change", async () => {
    const todo = await createTodo(alice, "tick");
    await new Promise((resolve) => setTimeout(resolve, 5));
    const updated = await updateTodo(alice, todo.id, { completed: true });
    expect(updated && updated.updatedAt > todo.updatedAt).toBe(true);
  });

  it("refuse every read and write once the device's session is revoked, changing nothing", async () => {
    const carol: Actor = { userId: "carol", sessionId: "carol-tablet" };
    await addUserWithSession(carol);
    const todo = await createTodo(carol, "mine");
    await getDb().deleteFrom("session").where("id", "=", carol.sessionId).execute();

    await expect(all(carol)).rejects.toBeInstanceOf(SessionRevokedError);
    await expect(createTodo(carol, "after")).rejects.toBeInstanceOf(SessionRevokedError);
    await expect(updateTodo(carol, todo.id, { completed: true })).rejects.toBeInstanceOf(
      SessionRevokedError,
    );
    await expect(deleteTodo(carol, todo.id)).rejects.toBeInstanceOf(SessionRevokedError);
    await expect(toggleAll(carol, true)).rejects.toBeInstanceOf(SessionRevokedError);
    await expect(clearCompleted(carol)).rejects.toBeInstanceOf(SessionRevokedError);
    const rows = await getDb()
      .selectFrom("todo")
      .select(["title", "completed"])
      .where("user_id", "=", "carol")
      .execute();
    expect(rows).toEqual([{ title: "mine", completed: false }]);
  });
});
