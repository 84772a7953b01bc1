import { env } from "@/lib/env";
import { IDENTITY_HEADER, signIdentity } from "@/lib/identity/handoff";
import { readAccessToken, validUntilOf } from "./access-token";

/**
 * An access JWT this close to its end counts as ended, so it is renewed now: under load a request
 * can spend longer than that between here and its route, where it would arrive expired.
 */
export const RENEW_WITHIN_MS = 30_000;

/**
 * Sets the identity header Node reads (lib/identity/current.ts) from the access JWT among these
 * cookies, after deleting any copy the client sent. Returns whether someone is signed in.
 */
export async function handOverIdentity(
  cookie: string,
  forwarded: Headers,
  renewWithinMs = RENEW_WITHIN_MS,
): Promise<boolean> {
  forwarded.delete(IDENTITY_HEADER);
  const secret = env().BETTER_AUTH_SECRET;
  if (!cookie || !secret) return false;
  const claims = await readAccessToken(
    new Request("http://edge.invalid/", { headers: { cookie } }),
  );
  const validUntil = claims ? validUntilOf(claims) : undefined;
  if (!claims || validUntil === undefined || validUntil - Date.now() < renewWithinMs) return false;
  forwarded.set(IDENTITY_HEADER, await signIdentity(claims, validUntil, secret));
  return true;
}
