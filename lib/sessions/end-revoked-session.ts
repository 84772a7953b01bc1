import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { sessionCookieNames } from "@/lib/auth/cookies";

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
