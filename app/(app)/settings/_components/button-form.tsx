"use client";

import type { ReactNode } from "react";
import { ActionForm } from "@/components/action-form";
import type { FormAction } from "@/components/use-form-action";

/** A form that is only its button (the server knows everything else), with its result line. */
export function ButtonForm({ action, submit }: { action: FormAction; submit: ReactNode }) {
  return (
    <ActionForm action={action} submit={submit}>
      {() => null}
    </ActionForm>
  );
}
