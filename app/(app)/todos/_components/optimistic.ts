import type { Todo, TodoFilter } from "@/lib/todos/schema";

/** Counts over the whole list, not just the todos on screen. */
export interface TodoCounts {
  total: number;
  active: number;
}

export interface TodoView {
  todos: Todo[];
  counts: TodoCounts;
}

export type TodoChange =
  | { type: "create"; todo: Todo }
  | { type: "toggle"; id: string; completed: boolean }
  | { type: "rename"; id: string; title: string }
  | { type: "delete"; id: string }
  | { type: "toggle-all"; completed: boolean }
  | { type: "clear-completed" };

/** Applies a change the server has not confirmed yet; React drops it when the server answers. */
export function applyChange({ todos, counts }: TodoView, change: TodoChange): TodoView {
  switch (change.type) {
    case "create":
      return {
        todos: [...todos, change.todo],
        counts: { total: counts.total + 1, active: counts.active + 1 },
      };
    case "toggle": {
      const todo = todos.find((t) => t.id === change.id);
      if (!todo || todo.completed === change.completed) return { todos, counts };
      return {
        todos: todos.map((t) => (t.id === change.id ? { ...t, completed: change.completed } : t)),
        counts: { ...counts, active: counts.active + (change.completed ? -1 : 1) },
      };
    }
    case "rename":
      return {
        todos: todos.map((t) => (t.id === change.id ? { ...t, title: change.title } : t)),
        counts,
      };
    case "delete": {
      const todo = todos.find((t) => t.id === change.id);
      if (!todo) return { todos, counts };
      return {
        todos: todos.filter((t) => t.id !== change.id),
        counts: { total: counts.total - 1, active: counts.active - (todo.completed ? 0 : 1) },
      };
    }
    case "toggle-all":
      return {
        todos: todos.map((t) => ({ ...t, completed: change.completed })),
        counts: { ...counts, active: change.completed ? 0 : counts.total },
      };
    case "clear-completed":
      return {
        todos: todos.filter((t) => !t.completed),
        counts: { total: counts.active, active: counts.active },
      };
  }
}

export function matchesFilter(todo: Todo, filter: TodoFilter): boolean {
  return filter === "all" || todo.completed === (filter === "completed");
}
