"use client";

import type { ReactNode } from "react";
import { ActionForm } from "@/components/action-form";
import { TextField } from "@/components/ui/text-field";
import type { FormAction } from "@/components/use-form-action";

/** One code field ("Code" from the authenticator app, or a backup code) and its button. */
export function CodeForm({
  action,
  id,
  label,
  backup = false,
  submit,
  hidden,
  reloadOnSuccess = false,
}: {
  action: FormAction;
  id: string;
  label: string;
  backup?: boolean;
  submit: ReactNode;
  /** Load the page afresh once it worked (the session was replaced). */
  reloadOnSuccess?: boolean;
  hidden?: Record<string, string>;
}) {
  return (
    <ActionForm action={action} submit={submit} reloadOnSuccess={reloadOnSuccess}>
      {({ fieldError }) => (
        <>
          {Object.entries(hidden ?? {}).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <TextField
            id={id}
            label={label}
            name="code"
            inputMode={backup ? "text" : "numeric"}
            autoComplete="one-time-code"
            autoCapitalize="off"
            spellCheck={false}
            required
            error={fieldError("code")}
          />
        </>
      )}
    </ActionForm>
  );
}
