"use client";

import type { ReactNode } from "react";
import { FormMessage } from "@/components/ui/form-message";
import { TextField } from "@/components/ui/text-field";
import { type FormAction, useFormAction } from "@/components/use-form-action";
import { useReloadOnSuccess } from "@/components/use-reload-on-success";

/** Re-enter the password to confirm something (delete the account, manage devices). */
export function ConfirmPasswordForm({
  action,
  id,
  label,
  submit,
  reloadOnSuccess = false,
}: {
  action: FormAction;
  id: string;
  label: string;
  submit: ReactNode;
  /** Load the page afresh once it worked (the session was replaced). */
  reloadOnSuccess?: boolean;
}) {
  const { state, formAction, fieldError } = useFormAction(action);
  useReloadOnSuccess(state, reloadOnSuccess);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <TextField
        id={id}
        label={label}
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={fieldError("password")}
      />
      <FormMessage state={state} />
      {submit}
    </form>
  );
}
