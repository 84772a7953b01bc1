import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "@/lib/auth";
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
