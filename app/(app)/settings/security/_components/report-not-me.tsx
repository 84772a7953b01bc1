"use client";

import { FormMessage } from "@/components/ui/form-message";
import { type FormAction, useFormAction } from "@/components/use-form-action";

/** "This wasn't me" for one entry: a one-button form (works without JavaScript too). */
export function ReportNotMe({
  action,
  eventId,
  description,
}: {
  action: FormAction;
  eventId: string;
  description: string;
}) {
  const { state, formAction } = useFormAction(action);
  return (
    <form action={formAction} className="flex flex-col items-end gap-2">
      <input type="hidden" name="eventId" value={eventId} />
      <button
        type="submit"
        aria-description={description}
        className="rounded-lg border border-red-300 px-3 py-1.5 text-sm font-medium text-red-800 hover:bg-red-50 focus-visible:outline-2 focus-visible:outline-blue-600 dark:border-red-900 dark:text-red-300 dark:hover:bg-red-950"
      >
        This wasn't me
      </button>
      {state.status === "error" && <FormMessage state={state} />}
    </form>
  );
}
