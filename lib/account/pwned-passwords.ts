import "server-only";
import { createHash } from "node:crypto";
import { env } from "@/lib/env";
import { loggable } from "@/lib/log";

const TIMEOUT_MS = 1_000;

/**
 * Whether a password appears in Pwned Passwords, asked with k-anonymity: only the first 5 hex
 * characters of its SHA-1 leave the server, and padded answers hide which suffixes were real.
 * Undefined when the service could not answer in time: sign-up must not depend on a third party
 * (the local common-password list still applies), so it fails open, with a log line.
 */
export async function isBreachedPassword(password: string): Promise<boolean | undefined> {
  const base = env().PWNED_PASSWORDS_URL;
  if (base === "off") return undefined;
  const hash = createHash("sha1").update(password, "utf8").digest("hex").toUpperCase();
  const prefix = hash.slice(0, 5);
  const suffix = hash.slice(5);
  try {
    const response = await fetch(
      new URL(`range/${prefix}`, base.endsWith("/") ? base : `${base}/`),
      {
        headers: { "Add-Padding": "true", "User-Agent": "todo-auth" },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      },
    );
    if (!response.ok) throw new Error(`Pwned Passwords answered ${response.status}`);
    for (const line of (await response.text()).split("\n")) {
      const [candidate = "", count = "0"] = line.trim().split(":");
      // Padding lines carry a count of 0.
      if (candidate.toUpperCase() === suffix) return Number(count) > 0;
    }
    return false;
  } catch (error) {
    console.warn("Breached-password check skipped (failing open):", loggable(error));
    return undefined;
  }
}
