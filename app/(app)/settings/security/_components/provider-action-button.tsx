"use client";

import { FormMessage } from "@/components/ui/form-message";
import { type FormAction, useFormAction } from "@/components/use-form-action";

/** One button that posts one hidden value (a provider, an account) and shows the answer under it. */
export function ProviderActionButton({
  action,
  name,
  value,
  label,
  tone = "default",
}: {
  action: FormAction;
  name: "provider" | "accountId";
  value: string;
  label: string;
  tone?: "default" | "danger";
}) {
  const { state, formAction } = useFormAction(action);
  const colours =
    tone === "danger"
      ? "border-red-300 text-red-800 hover:bg-red-50 dark:border-red-900 dark:text-red-300 dark:hover:bg-red-950"
      : "border-zinc-300 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800";
  return (
    <form action={formAction} className="space-y-2">
      <input type="hidden" name={name} value={value} />
      <button
        type="submit"
        className={`rounded-lg border px-3 py-1.5 text-sm font-medium ${colours}`}
      >
        {label}
      </button>
      <FormMessage state={state} />
    </form>
  );
}
