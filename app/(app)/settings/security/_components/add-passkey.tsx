"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { TextField } from "@/components/ui/text-field";
import { loadAuthClient } from "@/lib/auth/client-lazy";
import { passkeyNameField } from "@/lib/factors/schema";
import { STEP_UP_REQUIRED } from "@/lib/sessions/step-up-required";

/** Names and creates a passkey in the browser's authenticator (WebAuthn), then lists it. */
export function AddPasskey({ suggestedName }: { suggestedName: string }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [message, setMessage] = useState("");
  const [pending, setPending] = useState(false);
  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        const parsed = passkeyNameField.safeParse(new FormData(event.currentTarget).get("name"));
        setError(parsed.success ? undefined : parsed.error.issues[0]?.message);
        setMessage("");
        if (!parsed.success || pending) return;
        setPending(true);
        const result = await (await loadAuthClient()).passkey.addPasskey({ name: parsed.data });
        setPending(false);
        if (result?.error) {
          setMessage(
            "code" in result.error && result.error.code === STEP_UP_REQUIRED.code
              ? "Confirm it's you first, then try again."
              : "No passkey was added. Try again, or use another device.",
          );
          router.refresh();
          return;
        }
        setMessage("Passkey added.");
        router.refresh();
      }}
    >
      <TextField
        id="passkey-name"
        label="Passkey name"
        name="name"
        defaultValue={suggestedName}
        maxLength={60}
        required
        error={error}
      />
      <p role="status" aria-live="polite" className="text-sm">
        {message}
      </p>
      <button
        type="submit"
        aria-disabled={pending}
        className="w-full rounded-lg bg-zinc-900 px-4 py-2.5 font-semibold text-white hover:bg-zinc-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 aria-disabled:opacity-60 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300"
      >
        {pending ? "Waiting for your passkey…" : "Add a passkey"}
      </button>
    </form>
  );
}
