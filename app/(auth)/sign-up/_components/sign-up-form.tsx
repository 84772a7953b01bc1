"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import type { FormState } from "@/lib/forms/state";
import { idle } from "@/lib/forms/state";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

export function SignUpForm({ action }: { action: Action }) {
  const [state, formAction] = useActionState(action, idle);
  const fields = state.status === "error" ? state.fields : undefined;
  const values = state.status === "error" ? state.values : undefined;
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <TextField
        label="Name"
        name="name"
        autoComplete="name"
        required
        defaultValue={values?.name}
        error={fields?.name}
      />
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={values?.email}
        error={fields?.email}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        maxLength={128}
        hint="8 to 128 characters. A passphrase of a few words is easy to remember."
        error={fields?.password}
      />
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Creating account…">Sign up</SubmitButton>
    </form>
  );
}
