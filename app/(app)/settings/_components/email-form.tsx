"use client";

import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import { type FormAction, useFormAction } from "@/components/use-form-action";

export function EmailForm({ action }: { action: FormAction }) {
  const { state, formAction, fieldError, typed } = useFormAction(action);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <TextField
        label="New email"
        name="newEmail"
        type="email"
        autoComplete="email"
        required
        defaultValue={typed("newEmail")}
        error={fieldError("newEmail")}
      />
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Sending…">Send confirmation link</SubmitButton>
    </form>
  );
}
