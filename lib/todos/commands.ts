import * as z from "zod";
import { editedAt, type Todo, type TodoPatch, todoId, todoTitle } from "./schema";

// The one description of a change to a user's todos. The optimistic list, the server action (with
// JavaScript and without), the REST API and the offline replay all speak it; the server saves one
// with lib/todos/apply-command.ts. Safe in the browser: nothing here reaches the server.

const completed = z.boolean({ error: "completed must be true or false" });

const create = z.strictObject({
  intent: z.literal("create"),
  title: todoTitle,
  /** A UUID the device chose: the row it shows at once keeps its identity once saved. */
  id: todoId.optional(),
});
const toggle = z.strictObject({ intent: z.literal("toggle"), id: todoId, completed });
const rename = z.strictObject({ intent: z.literal("rename"), id: todoId, title: todoTitle });
const remove = z.strictObject({ intent: z.literal("delete"), id: todoId });
const toggleAll = z.strictObject({ intent: z.literal("toggle-all"), completed });
const clearCompleted = z.strictObject({ intent: z.literal("clear-completed") });

export const todoCommand = z.discriminatedUnion(
  "intent",
  [create, toggle, rename, remove, toggleAll, clearCompleted],
  { error: "Unknown action" },
);
export type TodoCommand = z.infer<typeof todoCommand>;
/** A change of one todo's fields: a REST PATCH may carry both at once. */
export type TodoEdit = Extract<TodoCommand, { intent: "toggle" | "rename" }>;

/** A command and when it was made on this device (ISO): the server keeps the newer edit of a field. */
export type PendingCommand = TodoCommand & { at: string };

// REST bodies: a command's fields (the route names the intent) and, from a replay, when it was made.
export const createTodoInput = create.omit({ intent: true }).extend({ updatedAt: editedAt });
export const toggleAllInput = toggleAll.omit({ intent: true }).extend({ updatedAt: editedAt });
export const updateTodoInput = z
  .strictObject({
    title: todoTitle.optional(),
    completed: completed.optional(),
    updatedAt: editedAt,
  })
  .refine((patch) => patch.title !== undefined || patch.completed !== undefined, {
    message: "Nothing to update: send title or completed",
  });
export const clearCompletedQuery = z.object({
  completed: z.literal("true", { error: "Must be true" }),
  updatedAt: editedAt,
});

/** A PATCH body as the edits it makes of todo `id`. */
export function editsOf(id: string, { title, completed }: TodoPatch): [TodoEdit, ...TodoEdit[]] {
  const edits: TodoEdit[] = [
    ...(title === undefined ? [] : [{ intent: "rename" as const, id, title }]),
    ...(completed === undefined ? [] : [{ intent: "toggle" as const, id, completed }]),
  ];
  // Never empty: updateTodoInput refuses a patch with neither field.
  return edits as [TodoEdit, ...TodoEdit[]];
}

const checkbox = z.stringbool();

/** A posted form as the command its hidden `intent` names; other fields are not read. */
export function commandFromForm(formData: FormData) {
  const intent = formData.get("intent");
  const member = todoCommand.options.find((option) => option.shape.intent.value === intent);
  const names = Object.keys(member?.shape ?? { intent });
  const fields: Record<string, unknown> = Object.fromEntries(
    names.filter((name) => formData.has(name)).map((name) => [name, formData.get(name)]),
  );
  // A form's checkbox text ("true", "on", "0"…) becomes a boolean; other text is left for the schema to refuse.
  if ("completed" in fields)
    fields.completed = checkbox.safeParse(fields.completed).data ?? fields.completed;
  return todoCommand.safeParse(fields);
}

/** The form fields commandFromForm reads back. */
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
export type TodoRow = Pick<Todo, "id" | "title" | "completed">;

export interface TodoView {
  todos: TodoRow[];
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
export function announcementFor(command: TodoCommand, todos: TodoRow[]): string {
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
