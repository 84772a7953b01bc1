"use client";

import { useState } from "react";
import { loadAuthClient } from "@/lib/auth/client-lazy";

/** Signs in with a passkey (WebAuthn) on a click, and says so beneath the button when it fails. */
export function PasskeyButton({
  label,
  failure,
  onSignedIn,
}: {
  label: string;
  failure: string;
  onSignedIn: () => void;
}) {
  const [message, setMessage] = useState("");
  return (
    <div className="space-y-2">
      <button
        type="button"
        onClick={async () => {
          setMessage("");
          const { data } = await (await loadAuthClient()).signIn.passkey();
          if (data) onSignedIn();
          else setMessage(failure);
        }}
        className="w-full rounded-lg border border-zinc-300 px-4 py-2.5 font-semibold hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        {label}
      </button>
      {message && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {message}
        </p>
      )}
    </div>
  );
}
