import { describe, expect, it } from "vitest";
import type { TodoCommand } from "./commands";
import type { Todo } from "./schema";
import { applyToView, type TodoView } from "./view";

const make = (id: string, completed = false): Todo => ({
  id,
  title: id,
  completed,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
});

// Two todos on screen out of ten in the whole list, three of them active.
const view: TodoView = { todos: [make("a"), make("b", true)], counts: { total: 10, active: 3 } };
const applyChange = (on: TodoView, command: TodoCommand) =>
  applyToView(on, { ...command, at: "2026-01-01T00:00:00.000Z" });

describe("optimistic todo changes", () => {
  it("keep the whole-list counts exact while only a page is on screen", () => {
    expect(applyChange(view, { intent: "create", id: "c", title: "c" }).counts).toEqual({
      total: 11,
      active: 4,
    });
    expect(applyChange(view, { intent: "toggle", id: "a", completed: true }).counts).toEqual({
      total: 10,
      active: 2,
    });
    expect(applyChange(view, { intent: "delete", id: "b" }).counts).toEqual({
      total: 9,
      active: 3,
    });
    expect(applyChange(view, { intent: "toggle-all", completed: true }).counts).toEqual({
      total: 10,
      active: 0,
    });
    expect(applyChange(view, { intent: "toggle-all", completed: false }).counts).toEqual({
      total: 10,
      active: 10,
    });
    expect(applyChange(view, { intent: "clear-completed" }).counts).toEqual({
      total: 3,
      active: 3,
    });
  });

  it("ignore a change to a todo that is already gone", () => {
    expect(applyChange(view, { intent: "toggle", id: "zzz", completed: true })).toEqual(view);
    expect(applyChange(view, { intent: "delete", id: "zzz" })).toEqual(view);
  });
});
