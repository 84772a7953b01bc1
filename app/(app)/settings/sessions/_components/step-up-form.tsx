"use client";

import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import { type FormAction, useFormAction } from "@/components/use-form-action";

export function StepUpForm({ action }: { action: FormAction }) {
  const { state, formAction, fieldError } = useFormAction(action);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={fieldError("password")}
      />
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Checking…">Confirm password</SubmitButton>
    </form>
  );
}
