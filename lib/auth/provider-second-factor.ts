import { createAuthMiddleware, getOAuthState } from "better-auth/api";
import { deleteSessionCookie } from "better-auth/cookies";
import { generateRandomString } from "better-auth/crypto";
import { stepUpFromState } from "./connected-accounts";
import { feature, type HookContext, onPaths, returnedLocation } from "./hook-context";

/** Better Auth's two-factor challenge: its cookie, and how long a code may take (its default). */
const TWO_FACTOR_COOKIE = "two_factor";
const CHALLENGE_SECONDS = 600;

/** Where the provider's sign-in would have landed, as a path of ours ("/todos" otherwise). */
function landingPath(ctx: HookContext): string {
  const location = returnedLocation(ctx);
  const base = new URL(ctx.context.baseURL);
  const url = location ? new URL(location, base) : undefined;
  return url && url.origin === base.origin ? url.pathname + url.search : "/todos";
}

/**
 * The session a provider just made is taken back, and Better Auth's own challenge (the cookie and
 * rows its verify-totp and verify-backup-code read) is set in its place: the code comes next.
 */
async function challengeInstead(ctx: HookContext, session: { userId: string; token: string }) {
  deleteSessionCookie(ctx, true);
  await ctx.context.internalAdapter.deleteSession(session.token);
  ctx.context.setNewSession(null);
  const identifier = `2fa-${generateRandomString(20)}`;
  const expiresAt = new Date(Date.now() + CHALLENGE_SECONDS * 1000);
  const { internalAdapter } = ctx.context;
  await internalAdapter.createVerificationValue({ value: session.userId, identifier, expiresAt });
  await internalAdapter.createVerificationValue({
    value: "0",
    identifier: `2fa-attempts-${identifier}`,
    expiresAt,
  });
  const cookie = ctx.context.createAuthCookie(TWO_FACTOR_COOKIE, { maxAge: CHALLENGE_SECONDS });
  await ctx.setSignedCookie(cookie.name, identifier, ctx.context.secret, cookie.attributes);
}

/**
 * Better Auth asks for the authenticator code only after a password: a provider sign-in (browser
 * callback or a native app's ID token) to an account with the app on asks for it too. A step-up
 * with the provider from the account's own signed-in session is not a sign-in and passes.
 */
const askForTheCode = createAuthMiddleware(async (ctx) => {
  const created = ctx.context.newSession;
  if (!created?.user.twoFactorEnabled) return;
  const fromBrowser = ctx.path !== "/sign-in/social";
  if (fromBrowser) {
    const from = stepUpFromState((await getOAuthState())?.serverContext);
    if (from?.userId === created.user.id) return;
  }
  const next = fromBrowser ? landingPath(ctx) : undefined;
  await challengeInstead(ctx, { userId: created.user.id, token: created.session.token });
  if (next) throw ctx.redirect(`/sign-in/two-factor?${new URLSearchParams({ next })}`);
  return ctx.json({ twoFactorRedirect: true, twoFactorMethods: ["totp"] });
});

/** A provider's sign-in meets the same second step as a password's (lib/auth/features.ts). */
export function providerSecondFactor() {
  return feature("provider-second-factor", {
    after: [{ matcher: onPaths("/callback/:id", "/sign-in/social"), handler: askForTheCode }],
  });
}
