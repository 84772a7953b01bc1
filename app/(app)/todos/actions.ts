"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import * as z from "zod";
import { protectedAction } from "@/lib/forms/action";
import { isDatabaseUnavailable } from "@/lib/http/errors";
import { requireActor } from "@/lib/identity/current";
import { loggable } from "@/lib/log";
import type { Actor } from "@/lib/sessions/actor";
import { endRevokedSession } from "@/lib/sessions/end-revoked-session";
import {
  clearCompleted,
  createTodo,
  deleteTodo,
  SessionRevokedError,
  toggleAll,
  updateTodo,
} from "@/lib/todos/queries";
import { todoId, todoTitle } from "@/lib/todos/schema";

export type TodoActionResult = { ok: true } | { ok: false; error: string };

/** session -> parse -> one query -> refresh the page; errors come back as a message, never thrown. */
function action<T extends z.ZodType>(
  schema: T,
  write: (actor: Actor, input: z.infer<T>) => Promise<unknown>,
) {
  return (formData: FormData) => run(schema, formData, write);
}

async function run<T extends z.ZodType>(
  schema: T,
  formData: FormData,
  write: (actor: Actor, input: z.infer<T>) => Promise<unknown>,
): Promise<TodoActionResult> {
  const actor = await requireActor("/todos");
  const parsed = schema.safeParse(Object.fromEntries(formData));
  if (!parsed.success)
    return { ok: false, error: parsed.error.issues[0]?.message ?? "Invalid input" };
  try {
    // A todo already deleted on another device simply disappears when the page refreshes.
    await write(actor, parsed.data);
    revalidatePath("/todos");
    return { ok: true };
  } catch (error) {
    if (error instanceof SessionRevokedError) await endRevokedSession("/todos");
    if (isDatabaseUnavailable(error)) {
      return {
        ok: false,
        error: "We could not reach the database. Your change was not saved; try again.",
      };
    }
    console.error("Todo action failed:", loggable(error));
    return { ok: false, error: "Something went wrong; your change was not saved." };
  }
}

const completedField = z.stringbool({ error: "completed must be true or false" });

const intents = {
  create: action(z.object({ title: todoTitle, id: todoId.optional() }), (actor, { title, id }) =>
    createTodo(actor, title, id),
  ),
  toggle: action(z.object({ id: todoId, completed: completedField }), (actor, { id, completed }) =>
    updateTodo(actor, id, { completed }),
  ),
  rename: action(z.object({ id: todoId, title: todoTitle }), (actor, { id, title }) =>
    updateTodo(actor, id, { title }),
  ),
  delete: action(z.object({ id: todoId }), (actor, { id }) => deleteTodo(actor, id)),
  "toggle-all": action(z.object({ completed: completedField }), (actor, { completed }) =>
    toggleAll(actor, completed),
  ),
  "clear-completed": action(z.object({}), (actor) => clearCompleted(actor)),
};

export type TodoIntent = keyof typeof intents;

/** The form's hidden `intent` field names which change; React may pass any argument type. */
async function applyIntent(formData: FormData): Promise<TodoActionResult> {
  if (!(formData instanceof FormData)) return { ok: false, error: "Unknown action" };
  const intent = String(formData.get("intent"));
  if (!Object.hasOwn(intents, intent)) return { ok: false, error: "Unknown action" };
  return intents[intent as TodoIntent](formData);
}

const refused = (error: string): TodoActionResult => ({ ok: false, error });

/** Every todo change made with JavaScript. */
export const todoAction = protectedAction<[FormData], TodoActionResult>(
  "todoWrite",
  refused,
  applyIntent,
);

/** The same, for forms posted without JavaScript: the page re-renders with the result. */
export const todoFormAction = protectedAction<[FormData], void>(
  "todoWrite",
  () => {},
  async (formData: FormData) => {
    await applyIntent(formData);
  },
);

/** The rename page's form (works without JavaScript): back to the list once saved. */
export const renameFromPageAction = protectedAction<[FormData], void>(
  "todoWrite",
  () => redirect("/todos"),
  async (formData: FormData) => {
    const result = await applyIntent(formData);
    const id = String(formData.get("id"));
    // Only a real todo id goes back into the URL: any other text could make the Location header huge.
    const retry = todoId.safeParse(id).success ? `/todos/${id}/edit?error=title` : "/todos";
    redirect(result.ok ? "/todos" : retry);
  },
);
