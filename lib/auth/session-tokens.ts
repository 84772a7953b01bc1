import { createAuthMiddleware } from "better-auth/api";
import { isDeviceChallenge, rememberDeviceChallenge } from "@/lib/factors/device-challenge";
import { answerDeviceEndpoints } from "./device-endpoints";
import {
  feature,
  type HookContext,
  onPaths,
  requestBearerToken,
  responseCookies,
} from "./hook-context";

/**
 * A bearer client learns its current session token from `set-auth-token`, whenever the response
 * sets a new session cookie (sign-in, rotation). Only a client that authenticated with a bearer
 * token, or signed in without any cookie, gets it: page script can read response headers, never
 * HttpOnly cookies.
 */
const sendTokenToBearerClients = createAuthMiddleware(async (ctx) => {
  const token = sessionCookieBeingSet(ctx);
  if (!token || !(await isBearerClient(ctx))) return;
  ctx.setHeader("set-auth-token", encodeURIComponent(token));
  ctx.setHeader("Access-Control-Expose-Headers", "set-auth-token");
});

type SessionPair = { session: { token?: string } & Record<string, unknown>; user: unknown };

/**
 * The session token is the refresh credential and lives in an HttpOnly cookie: keep it out of
 * get-session's JSON too, so script on the page can never read it.
 */
const hideTokenFromGetSession = createAuthMiddleware(async (ctx) => {
  const returned = ctx.context.returned as SessionPair | null | undefined;
  if (!ctx.request || !returned || typeof returned !== "object" || !("session" in returned)) return;
  const { token: _token, ...session } = returned.session;
  return ctx.json({ ...returned, session });
});

/**
 * Who may see which session token: a bearer device its own (set-auth-token, also after a two-step
 * sign-in it started without cookies), page script none (get-session's JSON), the device list only
 * opaque handles (answerDeviceEndpoints).
 */
export function sessionTokens() {
  return feature("session-tokens", {
    before: [answerDeviceEndpoints],
    after: [
      { matcher: () => true, handler: sendTokenToBearerClients },
      {
        matcher: onPaths("/sign-in/email", "/sign-in/social"),
        handler: createAuthMiddleware(rememberDeviceChallenge),
      },
      { matcher: onPaths("/get-session"), handler: hideTokenFromGetSession },
    ],
  });
}

/** The signed session token this response gives the client (the last Set-Cookie for it wins). */
function sessionCookieBeingSet(ctx: HookContext): string | undefined {
  const cookie = responseCookies(ctx).get(ctx.context.authCookies.sessionToken.name);
  return cookie?.value && cookie["max-age"] !== 0 ? cookie.value : undefined;
}

async function isBearerClient(ctx: HookContext): Promise<boolean> {
  if (!ctx.request) return false;
  if (await requestBearerToken(ctx)) return true;
  if (!ctx.context.newSession) return false;
  // A device's two-step sign-in carries only the challenge cookie of its cookieless password step.
  return !ctx.request.headers.has("cookie") || (await isDeviceChallenge(ctx));
}
