import * as z from "zod";
import { editedAt, type TodoPatch, todoId, todoTitle } from "./schema";

// The one description of a change to a user's todos. The optimistic list, the server action (with
// JavaScript and without), the REST API and the offline replay all speak it; the server saves one
// with lib/todos/apply-command.ts. What the browser runs of it is in ./view.ts, free of Zod.

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
