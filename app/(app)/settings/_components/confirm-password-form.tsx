"use client";

import type { ReactNode } from "react";
import { FormMessage } from "@/components/ui/form-message";
import { TextField } from "@/components/ui/text-field";
import { type FormAction, useFormAction } from "@/components/use-form-action";

/** Re-enter the password to confirm something (delete the account, manage devices). */
export function ConfirmPasswordForm({
  action,
  id,
  label,
  submit,
}: {
  action: FormAction;
  id: string;
  label: string;
  submit: ReactNode;
}) {
  const { state, formAction, fieldError } = useFormAction(action);
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
