"use client";

import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { EmailField } from "@/components/ui/text-field";
import { type FormAction, useFormAction } from "@/components/use-form-action";

export function EmailForm({ action }: { action: FormAction }) {
  const { state, formAction, fieldError, typed } = useFormAction(action);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <EmailField
        label="New email"
        name="newEmail"
        defaultValue={typed("newEmail")}
        error={fieldError("newEmail")}
      />
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Sending…">Send confirmation link</SubmitButton>
    </form>
  );
}
