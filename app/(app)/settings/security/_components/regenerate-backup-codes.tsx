"use client";

import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { CurrentPasswordField } from "@/components/ui/text-field";
import { type FormAction, useFormAction } from "@/components/use-form-action";
import { BackupCodeList } from "./backup-code-list";

/** New backup codes behind the password; shown once, the old ones stop working. */
export function RegenerateBackupCodes({ action }: { action: FormAction }) {
  const { state, formAction, fieldError } = useFormAction(action);
  const codes = state.status === "success" ? state.reveal?.backupCodes : undefined;
  return (
    <div className="space-y-4">
      {codes && <BackupCodeList codes={codes} />}
      <form action={formAction} className="space-y-4" noValidate>
        <CurrentPasswordField
          id="backup-codes-password"
          label="Confirm with your password"
          error={fieldError("password")}
        />
        <FormMessage state={state} />
        <SubmitButton pendingLabel="Making codes…">Regenerate backup codes</SubmitButton>
      </form>
    </div>
  );
}
