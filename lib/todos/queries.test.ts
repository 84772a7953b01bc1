import { beforeAll, describe, expect, it } from "vitest";
import { withTestDatabase } from "@/test/database";
import {
  clearCompleted,
  countTodos,
  createTodo,
  deleteTodo,
  InvalidCursorError,
  listTodos,
  toggleAll,
  updateTodo,
} from "./queries";

const getDb = withTestDatabase();

beforeAll(async () => {
  for (const id of ["alice", "bob"]) {
    await getDb()
      .insertInto("user")
      .values({ id, name: id, email: `${id}@example.com`, emailVerified: true, image: null })
      .execute();
  }
});

describe("todo queries", () => {
  it("never let one user read or change another user's todo", async () => {
    const todo = await createTodo("alice", "Alice's secret");
    expect(
      await updateTodo("bob", todo.id, { title: "hijacked", completed: true }),
    ).toBeUndefined();
    expect(await deleteTodo("bob", todo.id)).toBe(false);
    expect((await listTodos("bob", { filter: "all", limit: 50 })).todos).toEqual([]);
    const [alices] = (await listTodos("alice", { filter: "all", limit: 50 })).todos;
    expect(alices).toMatchObject({ title: "Alice's secret", completed: false });
  });

  it("pages through the list in creation order with an exact cursor", async () => {
    for (let i = 0; i < 7; i++) await createTodo("bob", `todo ${i}`);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listTodos("bob", { filter: "all", limit: 3, cursor });
      seen.push(...page.todos.map((t) => t.title));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 7 }, (_, i) => `todo ${i}`));
  });

  it("rejects a cursor it did not issue", async () => {
    await expect(
      listTodos("bob", { filter: "all", limit: 3, cursor: "bm9wZQ" }),
    ).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it("filters, toggles all, counts and clears completed for one user only", async () => {
    const first = (await listTodos("bob", { filter: "all", limit: 1 })).todos[0];
    if (!first) throw new Error("expected a todo");
    await updateTodo("bob", first.id, { completed: true });
    expect(
      (await listTodos("bob", { filter: "completed", limit: 50 })).todos.map((t) => t.id),
    ).toEqual([first.id]);
    expect(await countTodos("bob")).toEqual({ total: 7, active: 6 });

    expect(await toggleAll("bob", true)).toBe(6);
    expect(await countTodos("bob")).toEqual({ total: 7, active: 0 });
    expect(await countTodos("alice")).toEqual({ total: 1, active: 1 });

    expect(await clearCompleted("bob")).toBe(7);
    expect(await countTodos("bob")).toEqual({ total: 0, active: 0 });
    expect(await countTodos("alice")).toEqual({ total: 1, active: 1 });
  });

  it("moves updatedAt on every change", async () => {
    const todo = await createTodo("alice", "tick");
    await new Promise((resolve) => setTimeout(resolve, 5));
    const updated = await updateTodo("alice", todo.id, { completed: true });
    expect(updated && updated.updatedAt > todo.updatedAt).toBe(true);
  });
});
