import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { env } from "@/lib/env";
import type { Actor } from "@/lib/sessions/actor";
import { IDENTITY_HEADER, type SignedIn, verifyIdentity } from "./handoff";

export type { SignedIn } from "./handoff";

/**
 * Who is asking, for pages, server actions and REST routes alike: only the identity the middleware
 * signed after checking the access JWT. A request that skipped it, or carries a stale or forged
 * copy, is signed out.
 */
export async function identityFrom(requestHeaders: Headers): Promise<SignedIn | null> {
  const secret = env().BETTER_AUTH_SECRET;
  return secret ? verifyIdentity(requestHeaders.get(IDENTITY_HEADER), secret) : null;
}

/** The signed-in session for this render or action, read once. */
export const getSession = cache(
  async (): Promise<SignedIn | null> => identityFrom(await headers()),
);

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
