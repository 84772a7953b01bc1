import type { createAuthMiddleware } from "better-auth/api";
import { decodeCookieCache, getChunkedCookie, setCookieCache } from "better-auth/cookies";

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];
export type CookieSession = Parameters<typeof setCookieCache>[1];

/**
 * Whether get-session answered from the request's own access cookie (cookie cache) for this very
 * token, without reading the session row. Decided from what the request carried, never from what
 * the response happens to set (get-session skips writing it for `dont_remember`/`disableRefresh`).
 */
export async function answeredFromAccessCookie(
  ctx: HookContext,
  presented: string,
): Promise<boolean> {
  if (ctx.query?.disableCookieCache) return false;
  const value = getChunkedCookie(ctx, ctx.context.authCookies.sessionData.name);
  if (!value) return false;
  try {
    const cached = await decodeCookieCache(ctx, value);
    const now = Date.now();
    return (
      cached?.session.session.token === presented &&
      cached.expiresAt > now &&
      new Date(cached.session.session.expiresAt).getTime() > now
    );
  } catch {
    return false;
  }
}

/**
 * Gives the client a session token and a fresh access cookie. "Remember me" off (the signed
 * dont_remember cookie) keeps the session cookie a browser-session cookie; the access cookie
 * always has its short Max-Age.
 */
export async function writeSessionCookies(ctx: HookContext, session: CookieSession) {
  const { sessionToken, dontRememberToken } = ctx.context.authCookies;
  const dontRemember = await ctx.getSignedCookie(dontRememberToken.name, ctx.context.secret);
  await ctx.setSignedCookie(sessionToken.name, session.session.token, ctx.context.secret, {
    ...sessionToken.attributes,
    maxAge: dontRemember ? undefined : ctx.context.sessionConfig.expiresIn,
  });
  await setCookieCache(ctx, session, false);
}
