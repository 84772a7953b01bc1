"use client";

import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { EmailField, NewPasswordField, TextField } from "@/components/ui/text-field";
import { type FormAction, useFormAction } from "@/components/use-form-action";

export function SignUpForm({ action }: { action: FormAction }) {
  const { state, formAction, fieldError, typed } = useFormAction(action);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <TextField
        label="Name"
        name="name"
        autoComplete="name"
        required
        defaultValue={typed("name")}
        error={fieldError("name")}
      />
      <EmailField defaultValue={typed("email")} error={fieldError("email")} />
      <NewPasswordField label="Password" name="password" error={fieldError("password")} />
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Creating account…">Sign up</SubmitButton>
    </form>
  );
}
