import "server-only";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { TWO_FACTOR_ERROR_CODES } from "better-auth/plugins";
import { originOf, recordFailedSignIn } from "@/lib/activity/record";
import { pendingSignIn } from "@/lib/factors/pending-sign-in";
import { type CodeClaim, claimCode, releaseCode } from "@/lib/factors/used-codes";
import { clientIpFromHeaders } from "@/lib/net/client-ip";
import { emailBudgetWaived } from "@/lib/rate-limit/email-budget-waiver";
import {
  checkLimits,
  peekLimit,
  resetLimit,
  tooManyAttemptsMessage,
  type Verdict,
} from "@/lib/rate-limit/index";
import { accountKey, emailKey } from "@/lib/rate-limit/keys";
import {
  isKnownSignInAddress,
  KNOWN_FOR_DAYS,
  knownDeviceCookieName,
  knownDeviceId,
  newKnownDeviceValue,
  rememberSignInAddress,
} from "@/lib/rate-limit/known-devices";
import { authEndpointOperation, OPERATIONS } from "@/lib/rate-limit/operations";
import { feature, type HookContext, onPaths, requestSession, succeeded } from "./hook-context";

function accountRule(ctx: { path?: string }) {
  const operation = authEndpointOperation(ctx.path ?? "");
  return operation && (OPERATIONS[operation] as { account?: string }).account;
}

function tooMany(verdict: Verdict): APIError {
  const message = tooManyAttemptsMessage(verdict.retryAfter);
  return new APIError(
    "TOO_MANY_REQUESTS",
    { code: "RATE_LIMITED", message },
    { "Retry-After": String(verdict.retryAfter) },
  );
}

const body = (ctx: HookContext) => (ctx.body ?? {}) as Record<string, unknown>;

/**
 * The account a password or code is tried against: the address typed at sign-in, else the
 * session's, else (a code at sign-in's second step) the account of the pending challenge.
 */
async function accountEmail(ctx: HookContext): Promise<string | undefined> {
  if (ctx.path === "/sign-in/email") {
    const email = body(ctx).email;
    return typeof email === "string" && email.trim() ? email : undefined;
  }
  const session = await requestSession(ctx);
  if (session) return session.user.email;
  return ctx.path?.startsWith("/two-factor/") ? (await pendingSignIn(ctx))?.email : undefined;
}

/**
 * A device (signed cookie) or address that signed in to this account before, as a key suffix: it
 * gets budgets of its own, so an attack from elsewhere never locks the owner out of a place they use.
 */
async function knownPlace(ctx: HookContext, email: string): Promise<string | undefined> {
  const cookieName = knownDeviceCookieName(
    email,
    ctx.context.authCookies.sessionToken.attributes.secure === true,
  );
  const device = knownDeviceId(
    (await ctx.getSignedCookie(cookieName, ctx.context.secret)) || undefined,
    email,
  );
  if (device) return `device:${device}`;
  const ip = clientIpFromHeaders(ctx.headers);
  if (ip && (await isKnownSignInAddress(email, ip))) return `address:${ip}`;
  return undefined;
}

/** Whose budget a wrong password comes out of: the account's, or, once that is spent, a known place's. */
async function guessBudget(ctx: HookContext, email: string): Promise<string> {
  const account = await accountKey(email);
  // Codes get no second budget: whoever tries one already has the password or a session, so a
  // known device or address proves nothing about them.
  if (ctx.path?.startsWith("/two-factor/")) return account;
  if ((await peekLimit({ rule: "failedPasswordsPerAccount", key: account })).allowed)
    return account;
  const known = await knownPlace(ctx, email);
  return known ? `${account}:${known}` : account;
}

/** Where the before-hook noted whose budget this attempt was charged to, for the after-hook. */
type ChargedContext = { context: { guessBudgetKey?: string } };

/**
 * Every attempt is charged before the password is checked, so concurrent guesses cannot all slip
 * through one free slot; a correct password gives its attempt back afterwards.
 */
async function chargeAttempt(ctx: HookContext): Promise<void> {
  const email = await accountEmail(ctx);
  if (!email) return;
  const key = await guessBudget(ctx, email);
  const verdict = await checkLimits([{ rule: "failedPasswordsPerAccount", key }]);
  if (verdict && !verdict.allowed) {
    // The owner sees that someone hammered the account (one line per quarter hour).
    recordFailedSignIn(email, "rate_limited", originOf(ctx.headers));
    throw tooMany(verdict);
  }
  (ctx as ChargedContext).context.guessBudgetKey = key;
}

/** The address each email-sending endpoint mails: what Better Auth reads, not what else was sent. */
async function recipients(ctx: HookContext): Promise<unknown[]> {
  if (ctx.path !== "/change-email") return [body(ctx).email];
  // The approval goes to the current address now; the new one is mailed once it is approved.
  return [(await requestSession(ctx))?.user.email, body(ctx).newEmail];
}

/**
 * Whose budget an email comes out of: the address's, or, once strangers have spent it (asking for
 * resets of someone else's address), that of a place where the owner signed in before.
 */
async function emailBudget(ctx: HookContext, to: string): Promise<string> {
  const address = await emailKey(to);
  if ((await peekLimit({ rule: "emailPerAddress", key: address })).allowed) return address;
  const known = await knownPlace(ctx, to);
  return known ? `${address}:${known}` : address;
}

async function countEmailSent(ctx: HookContext): Promise<void> {
  if (emailBudgetWaived()) return;
  for (const to of await recipients(ctx)) {
    if (typeof to !== "string" || !to.trim()) continue;
    const verdict = await checkLimits([
      { rule: "emailPerAddress", key: await emailBudget(ctx, to) },
    ]);
    if (verdict && !verdict.allowed) throw tooMany(verdict);
  }
}

/** The password was right (signed in, or only the address is unverified): not a guess. */
async function refundCorrectPassword(ctx: HookContext): Promise<void> {
  const key = (ctx as ChargedContext).context.guessBudgetKey;
  if (!key) return;
  const { returned } = ctx.context;
  const code = isAPIError(returned)
    ? (returned.body as { code?: string } | undefined)?.code
    : undefined;
  // A right password whose code is still pending proves nothing yet: its code's success refunds.
  if ((returned as { twoFactorRedirect?: unknown } | null)?.twoFactorRedirect) return;
  if (!isAPIError(returned) || code === "EMAIL_NOT_VERIFIED") {
    await resetLimit({ rule: "failedPasswordsPerAccount", key });
  }
}

/**
 * A sign-in makes this device and address known to the account: only a real one (the password,
 * or the emailed verification link), never another endpoint that re-sets the session cookie.
 */
async function rememberDevice(ctx: HookContext): Promise<void> {
  const created = (ctx.context as { newSession?: { user: { id: string; email: string } } | null })
    .newSession;
  if (!created || !succeeded(ctx)) return;
  const { email, id } = created.user;
  const attributes = ctx.context.authCookies.sessionToken.attributes;
  await ctx.setSignedCookie(
    knownDeviceCookieName(email, attributes.secure === true),
    newKnownDeviceValue(email),
    ctx.context.secret,
    { ...attributes, maxAge: KNOWN_FOR_DAYS * 24 * 60 * 60 },
  );
  const ip = clientIpFromHeaders(ctx.headers);
  if (ip) await rememberSignInAddress(id, ip);
}

const VERIFY_CODE = "/two-factor/verify-totp";

/** Where the before-hook noted the claims it made, for the after-hook. */
type ClaimingContext = { context: { codeClaims?: CodeClaim[] } };

/**
 * Each authenticator code is accepted once (ASVS V2.8.4), at sign-in and at step-up alike: a code
 * seen over a shoulder or read off a phishing page is spent once the owner has typed it. A replay
 * is answered as a wrong code, counts as one against the account's code guesses, and shows in
 * the owner's security log.
 */
const claimEachCodeOnce = createAuthMiddleware(async (ctx) => {
  const code = (ctx.body as { code?: unknown } | undefined)?.code;
  if (typeof code !== "string") return; // Better Auth refuses the body itself.
  // Every account Better Auth may check the code against: the session's, and the pending
  // sign-in's, which it falls back to if the session has ended by the time it reads it (a
  // sign-out racing this request). Expired challenges too: Better Auth checks expiry on its
  // own clock, later.
  const session = await requestSession(ctx);
  const pending = await pendingSignIn(ctx, { evenExpired: true });
  const accounts = new Set([session?.user.id, pending?.id].filter((id) => id !== undefined));
  const claims: CodeClaim[] = [];
  for (const userId of accounts) {
    const claim = await claimCode(userId, code);
    if (!claim) {
      await Promise.all(claims.map(releaseCode));
      if (pending && userId === pending.id)
        recordFailedSignIn(pending.email, "reused_code", originOf(ctx.headers));
      throw APIError.from("UNAUTHORIZED", TWO_FACTOR_ERROR_CODES.INVALID_CODE);
    }
    claims.push(claim);
  }
  (ctx as ClaimingContext).context.codeClaims = claims;
});

/** A code the endpoint refused was not used: it may be typed again. */
const releaseRefusedCode = createAuthMiddleware(async (ctx) => {
  const claims = (ctx as ClaimingContext).context.codeClaims ?? [];
  if (isAPIError(ctx.context.returned)) await Promise.all(claims.map(releaseCode));
});

/**
 * Where a sign-in is limited: the `account` rules of lib/rate-limit/operations.ts (wrong passwords
 * and codes per account, emails per address), counted inside Better Auth, where the body is parsed
 * whatever its encoding (JSON, urlencoded, a server action's arguments) and where it is known
 * whether a password was wrong; then each authenticator code accepted once (a replay is charged
 * as a guess before it is refused).
 */
export function signInLimits() {
  return feature(
    "sign-in-limits",
    {
      before: [
        {
          matcher: (ctx: { path?: string }) => accountRule(ctx) !== undefined,
          handler: createAuthMiddleware(async (ctx) => {
            if (accountRule(ctx) === "emailToAddress") await countEmailSent(ctx);
            else await chargeAttempt(ctx);
          }),
        },
      ],
      after: [
        {
          matcher: (ctx: { path?: string }) => accountRule(ctx) === "failedPassword",
          handler: createAuthMiddleware(refundCorrectPassword),
        },
        {
          matcher: onPaths("/sign-in/email", "/verify-email"),
          handler: createAuthMiddleware(rememberDevice),
        },
      ],
    },
    {
      before: [{ matcher: onPaths(VERIFY_CODE), handler: claimEachCodeOnce }],
      after: [{ matcher: onPaths(VERIFY_CODE), handler: releaseRefusedCode }],
    },
  );
}
