import "server-only";
import { isAPIError } from "better-auth/api";
import { verifyJWT } from "better-auth/crypto";
import { auth } from "@/lib/auth";
import { safeNextPath } from "@/lib/http/safe-next-path";

/** Where an approval lands when its link named no page of ours. */
export const APPROVED_PAGE = "/settings?email=approved";

/** What an approval link asks, when its signature and lifetime hold; otherwise undefined. */
export async function approvalRequest(
  token: string,
): Promise<{ from: string; to: string } | undefined> {
  const claims = await verifyJWT(token, (await auth().$context).secret);
  if (claims?.requestType !== "change-email-confirmation") return undefined;
  const { email, updateTo } = claims;
  return typeof email === "string" && typeof updateTo === "string"
    ? { from: email, to: updateTo }
    : undefined;
}

/** Where a link that does not (or no longer) work lands, as Better Auth's own refusals do. */
export const LINK_REFUSED = "/verify-email?error=INVALID_TOKEN";

/**
 * The owner's click on "Approve the change": Better Auth's own approval, reached only from the
 * page's POST (a link scanner's GET stops at the page). Answers where the browser goes next.
 */
export async function approveEmailChange(token: string, callbackURL: string): Promise<string> {
  if (!(await approvalRequest(token))) return LINK_REFUSED;
  const landing = safeNextPath(callbackURL, APPROVED_PAGE);
  try {
    await auth().api.verifyEmail({ query: { token, callbackURL: landing } });
    return landing;
  } catch (error) {
    if (!isAPIError(error)) throw error;
    const location = new Headers(error.headers).get("location");
    // Better Auth refuses by redirecting to the callback with an `error`: that is no approval.
    const refused = !location || new URL(location, "http://placeholder").searchParams.has("error");
    return refused ? LINK_REFUSED : safeNextPath(location, LINK_REFUSED);
  }
}
