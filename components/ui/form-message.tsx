import type { FormState } from "@/lib/forms/state";

/** The form-level result line, read out by screen readers when it changes. */
export function FormMessage({ state }: { state: FormState }) {
  const text = state.status === "idle" ? "" : state.message;
  const tone =
    state.status === "error"
      ? "border-red-200 bg-red-50 text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
      : "border-emerald-200 bg-emerald-50 text-emerald-800 dark:border-emerald-900 dark:bg-emerald-950 dark:text-emerald-200";
  return (
    <div role="status" aria-live="polite">
      {text && <p className={`rounded-lg border px-3 py-2 text-sm ${tone}`}>{text}</p>}
    </div>
  );
}
