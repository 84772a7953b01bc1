"use client";

import type { ReactNode } from "react";
import { FormMessage } from "@/components/ui/form-message";
import { TextField } from "@/components/ui/text-field";
import { type FormAction, useFormAction } from "@/components/use-form-action";
import { useReloadOnSuccess } from "@/components/use-reload-on-success";

/** One code field ("Code" from the authenticator app, or a backup code) and its button. */
export function CodeForm({
  action,
  id,
  label,
  backup = false,
  submit,
  hidden,
  reloadOnSuccess = false,
}: {
  action: FormAction;
  id: string;
  label: string;
  backup?: boolean;
  submit: ReactNode;
  /** Load the page afresh once it worked (the session was replaced). */
  reloadOnSuccess?: boolean;
  hidden?: Record<string, string>;
}) {
  const { state, formAction, fieldError } = useFormAction(action);
  useReloadOnSuccess(state, reloadOnSuccess);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {Object.entries(hidden ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <TextField
        id={id}
        label={label}
        name="code"
        inputMode={backup ? "text" : "numeric"}
        autoComplete="one-time-code"
        autoCapitalize="off"
        spellCheck={false}
        required
        error={fieldError("code")}
      />
      <FormMessage state={state} />
      {submit}
    </form>
  );
}
