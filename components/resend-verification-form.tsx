"use client";

import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { EmailField } from "@/components/ui/text-field";
import { type FormAction, useFormAction } from "@/components/use-form-action";

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
  const { state, formAction, fieldError, typed } = useFormAction(action);
  const value = typed("email") || email;
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {askForEmail ? (
        <EmailField defaultValue={value} error={fieldError("email")} />
      ) : (
        <input type="hidden" name="email" value={value ?? ""} />
      )}
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Sending…">Resend verification email</SubmitButton>
    </form>
  );
}
