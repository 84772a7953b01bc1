"use client";

import Link from "next/link";
import { useActionState } from "react";
import { ResendVerificationForm } from "@/components/resend-verification-form";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import type { FormState } from "@/lib/forms/state";
import { idle } from "@/lib/forms/state";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

export function SignInForm({
  action,
  resendAction,
  next,
}: {
  action: Action;
  resendAction: Action;
  next?: string;
}) {
  const [state, formAction] = useActionState(action, idle);
  const fields = state.status === "error" ? state.fields : undefined;
  const values = state.status === "error" ? state.values : undefined;
  const unverified = state.status === "error" && state.reason === "email_not_verified";
  return (
    <div className="space-y-4">
      <form action={formAction} className="space-y-4" noValidate>
        {next && <input type="hidden" name="next" value={next} />}
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
          autoComplete="current-password"
          required
          error={fields?.password}
        />
        <div className="flex items-center justify-between text-sm">
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              name="rememberMe"
              value="true"
              defaultChecked
              className="size-4 rounded"
            />
            Remember me
          </label>
          <Link
            href="/forgot-password"
            className="font-medium text-blue-700 hover:underline dark:text-blue-400"
          >
            Forgot password?
          </Link>
        </div>
        <FormMessage state={state} />
        <SubmitButton pendingLabel="Signing in…">Sign in</SubmitButton>
      </form>
      {unverified && (
        <ResendVerificationForm action={resendAction} email={values?.email} askForEmail={false} />
      )}
    </div>
  );
}
