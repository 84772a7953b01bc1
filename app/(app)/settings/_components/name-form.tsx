"use client";

import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import { type FormAction, useFormAction } from "@/components/use-form-action";

export function NameForm({ action, name }: { action: FormAction; name: string }) {
  const { state, formAction, fieldError, typed } = useFormAction(action);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <TextField
        label="Name"
        name="name"
        autoComplete="name"
        required
        defaultValue={typed("name") ?? name}
        error={fieldError("name")}
      />
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Saving…">Save name</SubmitButton>
    </form>
  );
}
