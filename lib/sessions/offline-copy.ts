import "server-only";
import { cookies } from "next/headers";
import { sessionCookieNames } from "@/lib/auth/cookies";

/**
 * Until when this device may keep an offline copy of the list: its session's own expiry, or never
 * (null) for a sign-in without "Remember me", whose cookies die with the browser session (a shared
 * computer must not keep the list once the browser closes). Better Auth marks such a sign-in with
 * its signed `dont_remember` cookie; its mere presence is enough here, since a forged one only
 * takes the copy away.
 */
export async function offlineCopyUntil(sessionExpiresAt: Date): Promise<string | null> {
  const jar = await cookies();
  const dontRemember = sessionCookieNames().find((name) => name.endsWith(".dont_remember"));
  return dontRemember && jar.has(dontRemember) ? null : sessionExpiresAt.toISOString();
}
