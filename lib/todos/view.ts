// The browser's half of the todo commands (lib/todos/commands.ts): showing one before the server
// answers, saying it aloud, and sending it. Types only from Zod's side, so the page's JS stays small.
import type { PendingCommand, TodoCommand } from "./commands";
import type { Todo } from "./schema";

/** The form fields commandFromForm (commands.ts) reads back. */
export function formDataOf(command: TodoCommand): FormData {
  const formData = new FormData();
  for (const [name, value] of Object.entries(command)) {
    if (value !== undefined) formData.set(name, String(value));
  }
  return formData;
}

/** Counts over the whole list, not just the todos on screen. */
export interface TodoCounts {
  total: number;
  active: number;
}

/** What the list shows of a todo: the page sends the browser no more than this. */
export type ListedTodo = Pick<Todo, "id" | "title" | "completed">;

export interface TodoView {
  todos: ListedTodo[];
  counts: TodoCounts;
}

/** Shows a command the server has not confirmed yet; React drops it when the server answers. */
export function applyToView({ todos, counts }: TodoView, change: PendingCommand): TodoView {
  switch (change.intent) {
    case "create": {
      const { id, title } = change;
      // Only a device that chose the id shows the todo before the server saves it.
      if (id === undefined) return { todos, counts };
      const todo = { id, title, completed: false };
      return {
        todos: [...todos, todo],
        counts: { total: counts.total + 1, active: counts.active + 1 },
      };
    }
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

/** What a screen reader hears after a command (errors replace it). */
export function announcementFor(command: TodoCommand, todos: ListedTodo[]): string {
  const title = (id: string) => `“${todos.find((todo) => todo.id === id)?.title ?? "todo"}”`;
  switch (command.intent) {
    case "create":
      return `Added “${command.title}”.`;
    case "toggle":
      return `${title(command.id)} marked as ${command.completed ? "done" : "not done"}.`;
    case "rename":
      return `Renamed to “${command.title}”.`;
    case "delete":
      return `Deleted ${title(command.id)}.`;
    case "toggle-all":
      return command.completed ? "All todos marked as done." : "All todos marked as not done.";
    case "clear-completed":
      return "Completed todos cleared.";
  }
}

/** How a command made offline travels to the REST API, stamped with when it was made. */
export function restCallFor(command: PendingCommand): {
  path: string;
  method: string;
  body?: unknown;
} {
  const updatedAt = command.at;
  switch (command.intent) {
    case "create":
      return {
        path: "/api/todos",
        method: "POST",
        body: { id: command.id, title: command.title, updatedAt },
      };
    case "toggle":
      return {
        path: `/api/todos/${command.id}`,
        method: "PATCH",
        body: { completed: command.completed, updatedAt },
      };
    case "rename":
      return {
        path: `/api/todos/${command.id}`,
        method: "PATCH",
        body: { title: command.title, updatedAt },
      };
    case "delete":
      return { path: `/api/todos/${command.id}`, method: "DELETE" };
    case "toggle-all":
      return {
        path: "/api/todos/toggle-all",
        method: "POST",
        body: { completed: command.completed, updatedAt },
      };
    case "clear-completed":
      return {
        path: `/api/todos?${new URLSearchParams({ completed: "true", updatedAt })}`,
        method: "DELETE",
      };
  }
}
