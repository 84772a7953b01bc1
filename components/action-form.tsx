"use client";

import type { ReactNode } from "react";
import { FormMessage } from "@/components/ui/form-message";
import { type FormAction, useFormAction } from "@/components/use-form-action";
import { useReloadOnSuccess } from "@/components/use-reload-on-success";

type FormReaders = Pick<ReturnType<typeof useFormAction>, "fieldError" | "typed">;

/** A server-action form: its fields (told each error and what was typed), the result line, its button. */
export function ActionForm({
  action,
  submit,
  reloadOnSuccess = false,
  children,
}: {
  action: FormAction;
  submit: ReactNode;
  /** Load the page afresh once it worked (the session was replaced). */
  reloadOnSuccess?: boolean;
  children: (form: FormReaders) => ReactNode;
}) {
  const { state, formAction, fieldError, typed } = useFormAction(action);
  useReloadOnSuccess(state, reloadOnSuccess);
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {children({ fieldError, typed })}
      <FormMessage state={state} />
      {submit}
    </form>
  );
}
