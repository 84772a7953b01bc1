"use client";

import { ActionForm } from "@/components/action-form";
import { SubmitButton } from "@/components/ui/submit-button";
import { CurrentPasswordField, NewPasswordField } from "@/components/ui/text-field";
import type { FormAction } from "@/components/use-form-action";

export function PasswordForm({ action }: { action: FormAction }) {
  return (
    <ActionForm
      action={action}
      submit={<SubmitButton pendingLabel="Saving…">Change password</SubmitButton>}
    >
      {({ fieldError }) => (
        <>
          <CurrentPasswordField
            label="Current password"
            name="currentPassword"
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
        </>
      )}
    </ActionForm>
  );
}
