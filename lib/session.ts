import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "@/lib/auth";
import { sessionCookieNames } from "@/lib/auth/cookies";
import {
  decodeVerifiedSession,
  type SignedIn,
  VERIFIED_SESSION_HEADER,
} from "@/lib/middleware/verified-session";
import type { Actor } from "@/lib/sessions/actor";

/**
 * The signed-in session for this render or action, read once: as the middleware verified it from
 * the access JWT, or through Better Auth (renewed just now, or the database-session baseline).
 */
export const getSession = cache(async (): Promise<SignedIn | null> => {
  // Read the request first: it marks the page dynamic before anything needs the environment.
  const requestHeaders = await headers();
  const verified = decodeVerifiedSession(requestHeaders.get(VERIFIED_SESSION_HEADER));
  if (verified) return verified;
  return auth().api.getSession({ headers: requestHeaders });
});

/** The session, or a redirect to sign in that brings the user back to `returnTo`. */
export async function requireSession(returnTo: string) {
  const session = await getSession();
  if (!session) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  return session;
}

/** The signed-in user and the device's session, as the todo queries need them. */
export async function requireActor(returnTo: string): Promise<Actor> {
  const { user, session } = await requireSession(returnTo);
  return { userId: user.id, sessionId: session.id };
}

/**
 * This device's session was revoked elsewhere: clear its cookies and send it to sign in. A server
 * action can clear them itself; a page render cannot, so it goes through /session-ended.
 */
export async function endRevokedSession(returnTo: string): Promise<never> {
  const jar = await cookies();
  try {
    for (const name of sessionCookieNames()) jar.delete(name);
  } catch {
    redirect(`/session-ended?next=${encodeURIComponent(returnTo)}`);
  }
  redirect(`/sign-in?${new URLSearchParams({ next: returnTo, ended: "1" })}`);
}
