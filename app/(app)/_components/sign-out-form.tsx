"use client";

import { signOutAction } from "../actions";
import { clearOfflineData } from "../todos/_offline/store";

/** Signing out deletes the device's offline copy of the list and its queue, then posts as before. */
export function SignOutForm() {
  return (
    <form action={signOutAction} onSubmit={() => void clearOfflineData()}>
      <button
        type="submit"
        className="rounded-lg border border-zinc-300 px-3 py-1.5 font-medium hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-blue-600 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        Sign out
      </button>
    </form>
  );
}
