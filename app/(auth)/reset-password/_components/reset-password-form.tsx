"use client";

import Link from "next/link";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { NewPasswordField } from "@/components/ui/text-field";
import { type FormAction, useFormAction } from "@/components/use-form-action";

export function ResetPasswordForm({ action, token }: { action: FormAction; token: string }) {
  const { state, formAction, fieldError } = useFormAction(action);
  const linkExpired = state.status === "error" && state.reason === "invalid_link";
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <input type="hidden" name="token" value={token} />
      <NewPasswordField error={fieldError("newPassword")} />
      <FormMessage state={state} />
      {linkExpired && (
        <Link
          href="/forgot-password"
          className="block text-sm font-medium text-blue-700 underline dark:text-blue-400"
        >
          Request a new reset link
        </Link>
      )}
      <SubmitButton pendingLabel="Saving…">Reset password</SubmitButton>
    </form>
  );
}
