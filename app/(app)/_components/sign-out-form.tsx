"use client";

import { signOutAction } from "../actions";
import { wipeOfflineCopy } from "../todos/_offline/wipe";

/** Signing out deletes the device's offline copy of the list and its queue, then posts as before. */
export function SignOutForm() {
  return (
    <form action={signOutAction} onSubmit={() => void wipeOfflineCopy()}>
      <button
        type="submit"
        className="rounded-lg border border-zinc-300 px-3 py-1.5 font-medium hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-blue-600 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        Sign out
      </button>
    </form>
  );
}
