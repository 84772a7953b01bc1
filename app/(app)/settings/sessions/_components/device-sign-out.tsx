"use client";

import { FormMessage } from "@/components/ui/form-message";
import { type FormAction, useFormAction } from "@/components/use-form-action";

/** A one-button form ("Sign out", "Sign out all other devices") with its result beside it. */
export function DeviceSignOut({
  action,
  sessionId,
  label,
  description,
}: {
  action: FormAction;
  sessionId?: string;
  label: string;
  description?: string;
}) {
  const { state, formAction } = useFormAction(action);
  return (
    <form action={formAction} className="flex flex-col items-end gap-2">
      {sessionId && <input type="hidden" name="sessionId" value={sessionId} />}
      <button
        type="submit"
        aria-description={description}
        className="rounded-lg border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-blue-600 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        {label}
      </button>
      {state.status === "error" && <FormMessage state={state} />}
    </form>
  );
}
