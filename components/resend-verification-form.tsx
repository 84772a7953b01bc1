"use client";

import { ActionForm } from "@/components/action-form";
import { SubmitButton } from "@/components/ui/submit-button";
import { EmailField } from "@/components/ui/text-field";
import type { FormAction } from "@/components/use-form-action";

/** "Resend verification email": with a visible Email field, or for an address already known. */
export function ResendVerificationForm({
  action,
  email,
  askForEmail,
}: {
  action: FormAction;
  email?: string;
  askForEmail: boolean;
}) {
  return (
    <ActionForm
      action={action}
      submit={<SubmitButton pendingLabel="Sending…">Resend verification email</SubmitButton>}
    >
      {({ fieldError, typed }) => {
        const value = typed("email") || email;
        return askForEmail ? (
          <EmailField defaultValue={value} error={fieldError("email")} />
        ) : (
          <input type="hidden" name="email" value={value ?? ""} />
        );
      }}
    </ActionForm>
  );
}
