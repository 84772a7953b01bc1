import { describe, expect, it } from "vitest";
import { createTodoInput, updateTodoInput } from "./commands";
import { listTodosQuery } from "./schema";

describe("todo schemas", () => {
  it("trims the title", () => {
    expect(createTodoInput.parse({ title: "  buy milk \n" })).toEqual({ title: "buy milk" });
  });

  it("rejects a blank title", () => {
    expect(createTodoInput.safeParse({ title: "   " }).error?.issues[0]?.message).toBe(
      "Title cannot be empty",
    );
  });

  it("accepts 500 characters and rejects 501, counting emoji as one character each", () => {
    expect(createTodoInput.safeParse({ title: "😀".repeat(500) }).success).toBe(true);
    expect(createTodoInput.safeParse({ title: "a".repeat(501) }).error?.issues[0]?.message).toBe(
      "Title must be at most 500 characters",
    );
  });

  it("rejects a NUL character, which Postgres cannot store", () => {
    expect(createTodoInput.safeParse({ title: "a\u0000b" }).success).toBe(false);
  });

  it("rejects wrong types and unknown fields", () => {
    expect(createTodoInput.safeParse({ title: 42 }).success).toBe(false);
    expect(createTodoInput.safeParse({ title: "x", user_id: "someone" }).success).toBe(false);
    expect(updateTodoInput.safeParse({ completed: "yes" }).success).toBe(false);
    expect(updateTodoInput.safeParse({}).success).toBe(false);
  });

  it("bounds the page size", () => {
    expect(listTodosQuery.parse({}).limit).toBe(50);
    expect(listTodosQuery.safeParse({ limit: "1000" }).success).toBe(false);
    expect(listTodosQuery.safeParse({ filter: "done" }).success).toBe(false);
  });
});
