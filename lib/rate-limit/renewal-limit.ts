import "server-only";
import { APIError } from "better-auth/api";
import { parseSetCookieHeader } from "better-auth/cookies";
import type { HookContext } from "@/lib/auth/hook-context";
import { sessionChecks } from "./checks";
import { checkLimits, rateLimitHeaders, tooManyAttemptsMessage } from "./index";

/**
 * Counts one renewal (token rotation) of this session, keyed by its id, which rotation keeps.
 * Past the limit the renewal is refused with 429 before the token is replaced, and the access
 * cookie get-session was about to hand out is taken back: nothing is renewed without rotating.
 */
export async function chargeRenewal(ctx: HookContext, sessionId: string): Promise<void> {
  const verdict = await checkLimits(sessionChecks("sessionRenewal", sessionId));
  if (!verdict || verdict.allowed) return;
  dropSetCookies(ctx.context.responseHeaders, ctx.context.authCookies.sessionData.name);
  const message = tooManyAttemptsMessage(verdict.retryAfter);
  throw new APIError(
    "TOO_MANY_REQUESTS",
    { code: "RATE_LIMITED", message },
    rateLimitHeaders(verdict),
  );
}

/** Removes the Set-Cookie lines of a cookie (and its chunks `name.0`, `name.1`...) from a response. */
function dropSetCookies(headers: Headers | undefined, name: string): void {
  const lines = headers?.getSetCookie() ?? [];
  const kept = lines.filter((line) => {
    const [cookie] = [...parseSetCookieHeader(line).keys()];
    return cookie !== name && !cookie?.startsWith(`${name}.`);
  });
  if (!headers || kept.length === lines.length) return;
  headers.delete("set-cookie");
  for (const line of kept) headers.append("set-cookie", line);
}
