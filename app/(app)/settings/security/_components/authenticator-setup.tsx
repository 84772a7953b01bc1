"use client";

import { CodeForm } from "@/components/code-form";
import { FormMessage } from "@/components/ui/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { CurrentPasswordField } from "@/components/ui/text-field";
import { type FormAction, useFormAction } from "@/components/use-form-action";
import { BackupCodeList } from "./backup-code-list";

/** Enrolment: the password, then the QR code and secret as text, then a code to confirm. */
export function AuthenticatorSetup({ start, confirm }: { start: FormAction; confirm: FormAction }) {
  const started = useFormAction(start);
  const reveal = started.state.status === "success" ? started.state.reveal : undefined;
  if (!reveal?.qrSvg) {
    return (
      <form action={started.formAction} className="space-y-4" noValidate>
        <StartFields state={started} />
      </form>
    );
  }
  return (
    <div className="space-y-5">
      <p role="status">{started.state.status === "success" && started.state.message}</p>
      <div className="flex flex-col items-center gap-3 sm:flex-row sm:items-start">
        <div
          role="img"
          aria-label="QR code for your authenticator app"
          className="size-44 shrink-0 rounded-lg bg-white p-2"
          // Drawn on the server by the qrcode library from our own otpauth URI: no user input.
          // biome-ignore lint/security/noDangerouslySetInnerHtml: an SVG we generated ourselves
          dangerouslySetInnerHTML={{ __html: reveal.qrSvg }}
        />
        <div className="min-w-0 space-y-1 text-sm">
          <p>Can't scan it? Enter this secret in the app instead:</p>
          <code className="block break-all font-mono" data-testid="totp-secret">
            {reveal.secret}
          </code>
        </div>
      </div>
      {reveal.backupCodes && <BackupCodeList codes={reveal.backupCodes} />}
      <CodeForm
        action={confirm}
        id="enrol-code"
        label="Code"
        reloadOnSuccess
        submit={<SubmitButton pendingLabel="Checking…">Turn on authenticator app</SubmitButton>}
      />
    </div>
  );
}

function StartFields({ state }: { state: ReturnType<typeof useFormAction> }) {
  return (
    <>
      <CurrentPasswordField
        id="enrol-password"
        label="Confirm with your password"
        error={state.fieldError("password")}
      />
      {state.state.status === "error" && <FormMessage state={state.state} />}
      <SubmitButton pendingLabel="Checking…">Set up authenticator app</SubmitButton>
    </>
  );
}
