"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { protectedAction } from "@/lib/forms/action";
import { isDatabaseUnavailable } from "@/lib/http/errors";
import { fieldErrors } from "@/lib/http/request";
import { requireActor } from "@/lib/identity/current";
import { loggable } from "@/lib/log";
import { endRevokedSession } from "@/lib/sessions/end-revoked-session";
import { applyCommand } from "@/lib/todos/apply-command";
import { commandFromForm } from "@/lib/todos/commands";
import { SessionRevokedError } from "@/lib/todos/queries";
import { todoId } from "@/lib/todos/schema";

export type TodoActionResult =
  | { ok: true }
  | { ok: false; error: string; fields?: Record<string, string> };

/** Form -> command -> one write, then the page refreshes; errors come back as a message, never thrown. */
async function submit(formData: FormData): Promise<TodoActionResult> {
  // React may deliver any argument type to an action.
  if (!(formData instanceof FormData)) return { ok: false, error: "Unknown action" };
  const actor = await requireActor("/todos");
  const parsed = commandFromForm(formData);
  if (!parsed.success) {
    const fields = fieldErrors(parsed.error);
    return { ok: false, error: parsed.error.issues[0]?.message ?? "Invalid input", fields };
  }
  try {
    // A todo already deleted on another device simply disappears when the page refreshes.
    await applyCommand(actor, parsed.data);
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

const refused = (error: string): TodoActionResult => ({ ok: false, error });

/** Every todo change made with JavaScript. */
export const todoAction = protectedAction<[FormData], TodoActionResult>(
  "todoWrite",
  refused,
  submit,
);

/** The same for the page's forms (useActionState), so a form posted before JavaScript runs shows the answer. */
export const todoFormAction = protectedAction<[TodoActionResult, FormData], TodoActionResult>(
  "todoWrite",
  refused,
  (_previous, formData) => submit(formData),
);

/** Where a row's form (toggle, delete, clear completed) posted without JavaScript lands when refused. */
const UNSAVED = "/todos?unsaved=1";

/**
 * The rows' own forms, posted without JavaScript (with it, they never post): a plain action, so
 * 50 rows don't each carry the list's form state; a refusal comes back as the list's message.
 */
export const todoRowFormAction = protectedAction<[FormData], void>(
  "todoWrite",
  () => redirect(UNSAVED),
  async (formData: FormData) => {
    if (!(await submit(formData)).ok) redirect(UNSAVED);
  },
);

/** The rename page's form (works without JavaScript): back to the list once saved. */
export const renameFromPageAction = protectedAction<[FormData], void>(
  "todoWrite",
  () => redirect("/todos"),
  async (formData: FormData) => {
    const result = await submit(formData);
    // React may deliver any argument type to an action: only a form has an id to go back to.
    const id = formData instanceof FormData ? String(formData.get("id")) : "";
    // Only a real todo id goes back into the URL: any other text could make the Location header huge.
    const retry = todoId.safeParse(id).success ? `/todos/${id}/edit?error=title` : "/todos";
    redirect(result.ok ? "/todos" : retry);
  },
);
