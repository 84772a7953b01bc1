"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { loadAuthClient } from "@/lib/auth/client-lazy";

/** Confirms it's you with a passkey: a fresh sign-in on this device, then the page reloads. */
export function PasskeyStepUp() {
  const router = useRouter();
  const [message, setMessage] = useState("");
  return (
    <div className="space-y-2">
      <button
        type="button"
        onClick={async () => {
          setMessage("");
          const { error } = await (await loadAuthClient()).signIn.passkey();
          if (error) setMessage("The passkey was not accepted. Try again, or use another way.");
          else router.refresh();
        }}
        className="w-full rounded-lg border border-zinc-300 px-4 py-2.5 font-semibold hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        Confirm with a passkey
      </button>
      <p role="status" aria-live="polite" className="text-sm text-red-700 dark:text-red-400">
        {message}
      </p>
    </div>
  );
}
