"use client";

import { ActionForm } from "@/components/action-form";
import { SubmitButton } from "@/components/ui/submit-button";
import { EmailField } from "@/components/ui/text-field";
import type { FormAction } from "@/components/use-form-action";

export function ForgotPasswordForm({ action }: { action: FormAction }) {
  return (
    <ActionForm
      action={action}
      submit={<SubmitButton pendingLabel="Sending…">Send reset link</SubmitButton>}
    >
      {({ fieldError, typed }) => (
        <EmailField defaultValue={typed("email")} error={fieldError("email")} />
      )}
    </ActionForm>
  );
}
