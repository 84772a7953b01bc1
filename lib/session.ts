import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "@/lib/auth";

/** The signed-in session for this render or action, read once (from the access JWT when it is fresh). */
export const getSession = cache(async () => {
  // Read the request first: it marks the page dynamic before anything needs the environment.
  const requestHeaders = await headers();
  return auth().api.getSession({ headers: requestHeaders });
});

/** The session, or a redirect to sign in that brings the user back to `returnTo`. */
export async function requireSession(returnTo: string) {
  const session = await getSession();
  if (!session) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  return session;
}
