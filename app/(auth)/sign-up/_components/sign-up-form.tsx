"use client";

import { ActionForm } from "@/components/action-form";
import { SubmitButton } from "@/components/ui/submit-button";
import { EmailField, NameField, NewPasswordField } from "@/components/ui/text-field";
import type { FormAction } from "@/components/use-form-action";

export function SignUpForm({ action }: { action: FormAction }) {
  return (
    <ActionForm
      action={action}
      submit={<SubmitButton pendingLabel="Creating account…">Sign up</SubmitButton>}
    >
      {({ fieldError, typed }) => (
        <>
          <NameField defaultValue={typed("name")} error={fieldError("name")} />
          <EmailField defaultValue={typed("email")} error={fieldError("email")} />
          <NewPasswordField label="Password" name="password" error={fieldError("password")} />
        </>
      )}
    </ActionForm>
  );
}
