"use client";

import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { NewPasswordField, TextField } from "@/components/ui/text-field";
import { type FormAction, useFormAction } from "@/components/use-form-action";

export function PasswordForm({ action }: { action: FormAction }) {
  const { state, formAction, fieldError } = useFormAction(action);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <TextField
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        error={fieldError("currentPassword")}
      />
      <NewPasswordField error={fieldError("newPassword")} />
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          name="revokeOtherSessions"
          value="true"
          defaultChecked
          className="size-4 rounded"
        />
        Sign out other devices
      </label>
      <FormMessage state={state} />
      <SubmitButton pendingLabel="Saving…">Change password</SubmitButton>
    </form>
  );
}
