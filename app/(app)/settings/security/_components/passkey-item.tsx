"use client";

import { FormMessage } from "@/components/ui/form-message";
import { type FormAction, useFormAction } from "@/components/use-form-action";

export interface PasskeyView {
  id: string;
  name: string;
  added: string;
  lastUsed: string;
}

/** One passkey: its name (renamable), when it was added and last used, and "Remove". */
export function PasskeyItem({
  passkey,
  rename,
  remove,
  canRemove,
}: {
  passkey: PasskeyView;
  rename: FormAction;
  remove: FormAction;
  canRemove: boolean;
}) {
  const renamed = useFormAction(rename);
  const removed = useFormAction(remove);
  const inputId = `passkey-${passkey.id}-name`;
  return (
    <li className="space-y-3 py-4">
      <form action={renamed.formAction} className="flex flex-wrap items-end gap-2" noValidate>
        <input type="hidden" name="id" value={passkey.id} />
        <div className="min-w-0 flex-1 space-y-1">
          <label htmlFor={inputId} className="block text-sm font-medium">
            Name of passkey {passkey.name}
          </label>
          <input
            id={inputId}
            name="name"
            defaultValue={renamed.typed("name") ?? passkey.name}
            maxLength={60}
            required
            aria-invalid={renamed.fieldError("name") ? true : undefined}
            className="block w-full rounded-lg border border-zinc-300 bg-white px-3 py-1.5 dark:border-zinc-700 dark:bg-zinc-900"
          />
        </div>
        <button
          type="submit"
          className="rounded-lg border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          Rename
        </button>
      </form>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Added {passkey.added} · Last used {passkey.lastUsed}
      </p>
      <FormMessage state={renamed.state} />
      {canRemove && (
        <form action={removed.formAction}>
          <input type="hidden" name="id" value={passkey.id} />
          <button
            type="submit"
            aria-label={`Remove passkey ${passkey.name}`}
            className="rounded-lg border border-red-300 px-3 py-1.5 text-sm font-medium text-red-800 hover:bg-red-50 dark:border-red-900 dark:text-red-300 dark:hover:bg-red-950"
          >
            Remove
          </button>
        </form>
      )}
      <FormMessage state={removed.state} />
    </li>
  );
}
