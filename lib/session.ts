import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "@/lib/auth";

/** The signed-in session for this render or action, read once (from the access JWT when it is fresh). */
export const getSession = cache(async () => auth().api.getSession({ headers: await headers() }));

/** The session, or a redirect to sign in that brings the user back to `returnTo`. */
export async function requireSession(returnTo: string) {
  const session = await getSession();
  if (!session) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  return session;
}
