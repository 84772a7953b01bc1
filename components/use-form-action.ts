"use client";

import { useActionState } from "react";
import { type FormState, idle } from "@/lib/forms/state";

export type FormAction = (state: FormState, formData: FormData) => Promise<FormState>;

/** useActionState plus readers for a field's error and for what the user had typed. */
export function useFormAction(action: FormAction) {
  const [state, formAction] = useActionState(action, idle);
  const failed = state.status === "error" ? state : undefined;
  return {
    state,
    formAction,
    fieldError: (name: string) => failed?.fields?.[name],
    typed: (name: string) => failed?.values?.[name],
  };
}
