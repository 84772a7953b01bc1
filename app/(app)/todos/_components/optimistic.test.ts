import { describe, expect, it } from "vitest";
import type { Todo } from "@/lib/todos/schema";
import { applyChange, type TodoView } from "./optimistic";

const make = (id: string, completed = false): Todo => ({
  id,
  title: id,
  completed,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
});

// Two todos on screen out of ten in the whole list, three of them active.
const view: TodoView = { todos: [make("a"), make("b", true)], counts: { total: 10, active: 3 } };

describe("optimistic todo changes", () => {
  it("keep the whole-list counts exact while only a page is on screen", () => {
    expect(applyChange(view, { type: "create", todo: make("c") }).counts).toEqual({
      total: 11,
      active: 4,
    });
    expect(applyChange(view, { type: "toggle", id: "a", completed: true }).counts).toEqual({
      total: 10,
      active: 2,
    });
    expect(applyChange(view, { type: "delete", id: "b" }).counts).toEqual({ total: 9, active: 3 });
    expect(applyChange(view, { type: "toggle-all", completed: true }).counts).toEqual({
      total: 10,
      active: 0,
    });
    expect(applyChange(view, { type: "toggle-all", completed: false }).counts).toEqual({
      total: 10,
      active: 10,
    });
    expect(applyChange(view, { type: "clear-completed" }).counts).toEqual({ total: 3, active: 3 });
  });

  it("ignore a change to a todo that is already gone", () => {
    expect(applyChange(view, { type: "toggle", id: "zzz", completed: true })).toEqual(view);
    expect(applyChange(view, { type: "delete", id: "zzz" })).toEqual(view);
  });
});
