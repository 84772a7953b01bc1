"use server";

import { revalidatePath } from "next/cache";
import * as z from "zod";
import { rateLimitedFor } from "@/lib/forms/rate-limited";
import { isDatabaseUnavailable } from "@/lib/http/errors";
import { tooManyAttemptsMessage } from "@/lib/rate-limit";
import { endRevokedSession, requireActor } from "@/lib/session";
import type { Actor } from "@/lib/todos/actor";
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

const GONE = "That todo no longer exists (it may have been deleted on another device).";

/** session -> parse -> one query -> refresh the page; errors come back as a message, never thrown. */
function action<T extends z.ZodType>(
  schema: T,
  write: (actor: Actor, input: z.infer<T>) => Promise<boolean>,
) {
  return (formData: FormData) => run(schema, formData, write);
}

async function run<T extends z.ZodType>(
  schema: T,
  formData: FormData,
  write: (actor: Actor, input: z.infer<T>) => Promise<boolean>,
): Promise<TodoActionResult> {
  const actor = await requireActor("/todos");
  const retryAfter = await rateLimitedFor();
  if (retryAfter !== undefined) return { ok: false, error: tooManyAttemptsMessage(retryAfter) };
  const parsed = schema.safeParse(Object.fromEntries(formData));
  if (!parsed.success)
    return { ok: false, error: parsed.error.issues[0]?.message ?? "Invalid input" };
  try {
    const found = await write(actor, parsed.data);
    revalidatePath("/todos");
    return found ? { ok: true } : { ok: false, error: GONE };
  } catch (error) {
    if (error instanceof SessionRevokedError) await endRevokedSession("/todos");
    if (isDatabaseUnavailable(error)) {
      return {
        ok: false,
        error: "We could not reach the database. Your change was not saved; try again.",
      };
    }
    console.error("Todo action failed:", error);
    return { ok: false, error: "Something went wrong; your change was not saved." };
  }
}

const completedField = z.stringbool({ error: "completed must be true or false" });

const intents = {
  create: action(z.object({ title: todoTitle }), async (actor, { title }) => {
    await createTodo(actor, title);
    return true;
  }),
  toggle: action(z.object({ id: todoId, completed: completedField }), async (actor, input) =>
    Boolean(await updateTodo(actor, input.id, { completed: input.completed })),
  ),
  rename: action(z.object({ id: todoId, title: todoTitle }), async (actor, input) =>
    Boolean(await updateTodo(actor, input.id, { title: input.title })),
  ),
  // Deleting a todo that is already gone is a success: the user's intent holds.
  delete: action(z.object({ id: todoId }), async (actor, { id }) => {
    await deleteTodo(actor, id);
    return true;
  }),
  "toggle-all": action(z.object({ completed: completedField }), async (actor, { completed }) => {
    await toggleAll(actor, completed);
    return true;
  }),
  "clear-completed": action(z.object({}), async (actor) => {
    await clearCompleted(actor);
    return true;
  }),
};

export type TodoIntent = keyof typeof intents;

/** Every todo change: the form's hidden `intent` field names which one. */
export async function todoAction(formData: FormData): Promise<TodoActionResult> {
  const intent = String(formData.get("intent"));
  if (!Object.hasOwn(intents, intent)) return { ok: false, error: "Unknown action" };
  return intents[intent as TodoIntent](formData);
}

/** The same, for forms posted without JavaScript: the page re-renders with the result. */
export async function todoFormAction(formData: FormData): Promise<void> {
  await todoAction(formData);
}
