import type { FormState } from "@/lib/forms/state";
import { Notice } from "./notice";

/** The form-level result line, read out by screen readers when it changes. */
export function FormMessage({ state }: { state: FormState }) {
  return (
    <div role="status" aria-live="polite">
      {state.status !== "idle" && state.message && (
        <Notice tone={state.status === "error" ? "error" : "success"}>{state.message}</Notice>
      )}
    </div>
  );
}
