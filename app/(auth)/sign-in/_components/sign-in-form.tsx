"use client";

import Link from "next/link";
import { ResendVerificationForm } from "@/components/resend-verification-form";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { CurrentPasswordField, EmailField } from "@/components/ui/text-field";
import { type FormAction, useFormAction } from "@/components/use-form-action";
import { PasskeySignIn } from "./passkey-sign-in";

export function SignInForm({
  action,
  resendAction,
  next,
}: {
  action: FormAction;
  resendAction: FormAction;
  next?: string;
}) {
  const { state, formAction, fieldError, typed } = useFormAction(action);
  const unverified = state.status === "error" && state.reason === "email_not_verified";
  return (
    <div className="space-y-4">
      <form action={formAction} className="space-y-4" noValidate>
        {next && <input type="hidden" name="next" value={next} />}
        <EmailField
          defaultValue={typed("email")}
          error={fieldError("email")}
          autoComplete="username webauthn"
        />
        <CurrentPasswordField error={fieldError("password")} />
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
      <PasskeySignIn next={next ?? "/todos"} emailFieldId="email" />
      {unverified && (
        <ResendVerificationForm action={resendAction} email={typed("email")} askForEmail={false} />
      )}
    </div>
  );
}
