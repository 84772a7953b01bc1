"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import type { FormState } from "@/lib/forms/state";
import { idle } from "@/lib/forms/state";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

/** "Resend verification email": with a visible Email field, or for an address already known. */
export function ResendVerificationForm({
  action,
  email,
  askForEmail,
}: {
  action: Action;
  email?: string;
  askForEmail: boolean;
}) {
  const [state, formAction] = useActionState(action, idle);
  const fields = state.status === "error" ? state.fields : undefined;
  const value = (state.status === "error" && state.values?.email) || email;
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {askForEmail ? (
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={value}
          error={fields?.email}
        />
      ) : (
        <input type="hidden" name="email" value={value ?? ""} />
      )}
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Sending…">Resend verification email</SubmitButton>
    </form>
  );
}
