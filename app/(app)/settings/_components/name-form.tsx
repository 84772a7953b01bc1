"use client";

import { ActionForm } from "@/components/action-form";
import { SubmitButton } from "@/components/ui/submit-button";
import { NameField } from "@/components/ui/text-field";
import type { FormAction } from "@/components/use-form-action";

export function NameForm({ action, name }: { action: FormAction; name: string }) {
  return (
    <ActionForm
      action={action}
      submit={<SubmitButton pendingLabel="Saving…">Save name</SubmitButton>}
    >
      {({ fieldError, typed }) => (
        <NameField defaultValue={typed("name") ?? name} error={fieldError("name")} />
      )}
    </ActionForm>
  );
}
