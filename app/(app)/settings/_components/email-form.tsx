"use client";

import { ActionForm } from "@/components/action-form";
import { SubmitButton } from "@/components/ui/submit-button";
import { EmailField } from "@/components/ui/text-field";
import type { FormAction } from "@/components/use-form-action";

export function EmailForm({ action }: { action: FormAction }) {
  return (
    <ActionForm
      action={action}
      submit={<SubmitButton pendingLabel="Sending…">Send confirmation link</SubmitButton>}
    >
      {({ fieldError, typed }) => (
        <EmailField
          label="New email"
          name="newEmail"
          defaultValue={typed("newEmail")}
          error={fieldError("newEmail")}
        />
      )}
    </ActionForm>
  );
}
