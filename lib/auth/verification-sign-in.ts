import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware, isAPIError } from "better-auth/api";
import { expireCookie, setSessionCookie } from "better-auth/cookies";
import { verifyJWT } from "better-auth/crypto";
import { VERIFICATION_VALID_HOURS } from "@/lib/account/lengths-and-lifetimes";
import { type HookContext, onPaths, sessionFromRow, succeeded } from "./hook-context";

/** Where a verification link opened in another browser lands: it verified, it signed no one in. */
export const VERIFIED_ELSEWHERE_PATH = "/sign-in?verified=1";

/** Names the account this browser just signed up (signed, HttpOnly): the link's second half. */
function signedUpCookie(ctx: HookContext) {
  const attributes = ctx.context.authCookies.sessionToken.attributes;
  return {
    name: `${attributes.secure ? "__Secure-" : ""}todo.signed_up`,
    attributes: { ...attributes, maxAge: VERIFICATION_VALID_HOURS * 60 * 60 },
  };
}

/**
 * Every sign-up answer carries the cookie, for a new account and a known address alike (Better
 * Auth answers a known one with a made-up user id, which no link will ever match).
 */
async function rememberSigningUpBrowser(ctx: HookContext): Promise<void> {
  const userId = (ctx.context.returned as { user?: { id?: unknown } } | null)?.user?.id;
  if (!succeeded(ctx) || typeof userId !== "string") return;
  const cookie = signedUpCookie(ctx);
  await ctx.setSignedCookie(cookie.name, userId, ctx.context.secret, cookie.attributes);
}

/** The account a sign-up verification link (not an email change's) has just verified. */
async function verifiedAccount(ctx: HookContext) {
  const token = ctx.query?.token;
  if (!succeeded(ctx) || typeof token !== "string") return undefined;
  const claims = await verifyJWT(token, ctx.context.secret);
  if (typeof claims?.email !== "string" || claims.updateTo !== undefined) return undefined;
  const found = await ctx.context.internalAdapter.findUserByEmail(claims.email);
  if (!found?.user.emailVerified) return undefined;
  if (claims.userId !== undefined && claims.userId !== found.user.id) return undefined;
  return found.user;
}

/**
 * The link proves the inbox, the cookie proves the password was typed in this browser: only both
 * together sign in. A link alone (a victim opening the mail of someone who signed up their address
 * with a password of their own) verifies the address and sends the reader to sign in.
 */
async function signInOnlyTheSigningUpBrowser(ctx: HookContext): Promise<void> {
  const user = await verifiedAccount(ctx);
  if (!user) return;
  const cookie = signedUpCookie(ctx);
  const signedUpHere = (await ctx.getSignedCookie(cookie.name, ctx.context.secret)) === user.id;
  // An authenticator app added since (the link opened elsewhere first) asks for its code at sign-in.
  const secondFactor = (user as { twoFactorEnabled?: boolean | null }).twoFactorEnabled === true;
  if (signedUpHere && !secondFactor) {
    const session = await ctx.context.internalAdapter.createSession(user.id);
    await setSessionCookie(ctx, { session, user });
    // One sign-in per sign-up: the link opened again later asks for the password.
    expireCookie(ctx, cookie);
    return;
  }
  const { returned } = ctx.context;
  if (!isAPIError(returned) || returned.statusCode !== 302) return;
  // Already signed in to this account here (the link opened twice): carry on as Better Auth would.
  if ((await sessionFromRow(ctx))?.user.id === user.id) return;
  throw ctx.redirect(VERIFIED_ELSEWHERE_PATH);
}

/**
 * A verification link signs in only the browser that signed up (Better Auth's own
 * autoSignInAfterVerification signs in whoever opens it: account pre-hijacking).
 */
export function verificationSignIn() {
  return {
    id: "verification-sign-in",
    hooks: {
      after: [
        {
          matcher: onPaths("/sign-up/email"),
          handler: createAuthMiddleware(rememberSigningUpBrowser),
        },
        {
          matcher: onPaths("/verify-email"),
          handler: createAuthMiddleware(signInOnlyTheSigningUpBrowser),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}
