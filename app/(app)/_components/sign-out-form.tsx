"use client";

import { signOutAction } from "../actions";
import { wipeOfflineCopy } from "../todos/_offline/wipe";
import { announceSigningOut } from "./signing-out";

/** Signing out closes the live feed and deletes the device's offline copy and queue, then posts. */
export function SignOutForm() {
  return (
    <form
      action={signOutAction}
      onSubmit={() => {
        announceSigningOut();
        void wipeOfflineCopy();
      }}
    >
      <button
        type="submit"
        className="rounded-lg border border-zinc-300 px-3 py-1.5 font-medium hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-blue-600 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        Sign out
      </button>
    </form>
  );
}
