"use client";

import { useEffect } from "react";
import { PasskeyButton } from "@/components/passkey-button";
import { loadAuthClient } from "@/lib/auth/client-lazy";

/** After a passkey sign-in: a full navigation, so the middleware sees the new cookies. */
function go(next: string) {
  window.location.assign(next);
}

/**
 * Passkey autofill (WebAuthn conditional UI) on the Email field: the browser lists this site's
 * passkeys among the field's suggestions. Started when the field is first focused, not on load:
 * each request sets a challenge cookie, and a visit alone should set none.
 */
function useAutofill(fieldId: string, next: string) {
  useEffect(() => {
    const field = document.getElementById(fieldId);
    if (!field) return;
    let cancelled = false;
    const start = async () => {
      const available = await globalThis.PublicKeyCredential?.isConditionalMediationAvailable?.();
      if (!available || cancelled) return;
      const { data } = await (await loadAuthClient()).signIn.passkey({ autoFill: true });
      if (data && !cancelled) go(next);
    };
    field.addEventListener("focus", start, { once: true });
    return () => {
      cancelled = true;
      field.removeEventListener("focus", start);
    };
  }, [fieldId, next]);
}

/** "Sign in with a passkey", and passkey autofill on the Email field. */
export function PasskeySignIn({ next, emailFieldId }: { next: string; emailFieldId: string }) {
  useAutofill(emailFieldId, next);
  return (
    <PasskeyButton
      label="Sign in with a passkey"
      failure="The passkey was not accepted. Try again, or sign in with your password."
      onSignedIn={() => go(next)}
    />
  );
}
