"use client";

import { useRouter } from "next/navigation";
import { PasskeyButton } from "@/components/passkey-button";

/** Confirms it's you with a passkey: a fresh sign-in on this device, then the page reloads. */
export function PasskeyStepUp() {
  const router = useRouter();
  return (
    <PasskeyButton
      label="Confirm with a passkey"
      failure="The passkey was not accepted. Try again, or use another way."
      onSignedIn={() => router.refresh()}
    />
  );
}
