"use client";

import type { ReactNode } from "react";
import { ActionForm } from "@/components/action-form";
import { CurrentPasswordField } from "@/components/ui/text-field";
import type { FormAction } from "@/components/use-form-action";

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
  return (
    <ActionForm action={action} submit={submit} reloadOnSuccess={reloadOnSuccess}>
      {({ fieldError }) => (
        <CurrentPasswordField id={id} label={label} error={fieldError("password")} />
      )}
    </ActionForm>
  );
}
