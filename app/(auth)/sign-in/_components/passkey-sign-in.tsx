"use client";

import { useEffect, useState } from "react";
import { authClient } from "@/lib/auth-client";

/** After a passkey sign-in: a full navigation, so the middleware sees the new cookies. */
function go(next: string) {
  window.location.assign(next);
}

/**
 * "Sign in with a passkey", and passkey autofill on the Email field (WebAuthn conditional UI):
 * the browser offers this site's passkeys among the field's suggestions.
 */
export function PasskeySignIn({ next }: { next: string }) {
  const [message, setMessage] = useState("");
  useEffect(() => {
    let cancelled = false;
    const available = globalThis.PublicKeyCredential?.isConditionalMediationAvailable?.();
    void available?.then(async (yes) => {
      if (!yes || cancelled) return;
      const { data } = await authClient.signIn.passkey({ autoFill: true });
      if (data && !cancelled) go(next);
    });
    return () => {
      cancelled = true;
    };
  }, [next]);
  return (
    <div className="space-y-2">
      <button
        type="button"
        onClick={async () => {
          setMessage("");
          const { data } = await authClient.signIn.passkey();
          if (data) go(next);
          else
            setMessage("The passkey was not accepted. Try again, or sign in with your password.");
        }}
        className="w-full rounded-lg border border-zinc-300 px-4 py-2.5 font-semibold hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        Sign in with a passkey
      </button>
      <p role="status" aria-live="polite" className="text-sm text-red-700 dark:text-red-400">
        {message}
      </p>
    </div>
  );
}
