import "server-only";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, getSessionFromCtx, isAPIError } from "better-auth/api";
import { clientIpFromHeaders } from "@/lib/middleware/client-ip";
import { checkLimits, peekLimit, tooManyAttemptsMessage, type Verdict } from "./index";
import { accountKey, emailKey } from "./keys";
import {
  isKnownSignInAddress,
  KNOWN_FOR_DAYS,
  knownDeviceCookieName,
  knownDeviceId,
  newKnownDeviceValue,
  rememberSignInAddress,
} from "./known-devices";
import { authEndpointOperation, OPERATIONS } from "./operations";

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

/** Better Auth's answers to a wrong password: only these count as a guess. */
const WRONG_PASSWORD = new Set(["INVALID_EMAIL_OR_PASSWORD", "INVALID_PASSWORD"]);

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

/** The account a password is tried against: the address typed at sign-in, else the session's. */
async function accountEmail(ctx: HookContext): Promise<string | undefined> {
  if (ctx.path === "/sign-in/email") {
    const email = body(ctx).email;
    return typeof email === "string" && email.trim() ? email : undefined;
  }
  return (await getSessionFromCtx(ctx))?.user.email;
}

/**
 * Whose budget a wrong password comes out of: the account's, or, once that is spent, that of a
 * device (signed cookie) or address that signed in to this account before, so an attack from
 * elsewhere never locks the owner out of a place they use.
 */
async function guessBudget(ctx: HookContext, email: string): Promise<string> {
  const account = await accountKey(email);
  if ((await peekLimit({ rule: "failedPasswordsPerAccount", key: account })).allowed)
    return account;
  const cookieName = knownDeviceCookieName(
    email,
    ctx.context.authCookies.sessionToken.attributes.secure === true,
  );
  const device = knownDeviceId(
    (await ctx.getSignedCookie(cookieName, ctx.context.secret)) || undefined,
    email,
  );
  if (device) return `${account}:device:${device}`;
  const ip = clientIpFromHeaders(ctx.headers);
  if (ip && (await isKnownSignInAddress(email, ip))) return `${account}:address:${ip}`;
  return account;
}

async function refuseSpentBudget(ctx: HookContext): Promise<void> {
  const email = await accountEmail(ctx);
  if (!email) return;
  const verdict = await peekLimit({
    rule: "failedPasswordsPerAccount",
    key: await guessBudget(ctx, email),
  });
  if (!verdict.allowed) throw tooMany(verdict);
}

async function countEmailSent(ctx: HookContext): Promise<void> {
  const to = body(ctx).email ?? body(ctx).newEmail;
  if (typeof to !== "string" || !to.trim()) return;
  const verdict = await checkLimits([{ rule: "emailPerAddress", key: await emailKey(to) }]);
  if (verdict && !verdict.allowed) throw tooMany(verdict);
}

async function countWrongPassword(ctx: HookContext): Promise<void> {
  const { returned } = ctx.context;
  const code = isAPIError(returned)
    ? (returned.body as { code?: string } | undefined)?.code
    : undefined;
  if (!code || !WRONG_PASSWORD.has(code)) return;
  const email = await accountEmail(ctx);
  if (email)
    await checkLimits([{ rule: "failedPasswordsPerAccount", key: await guessBudget(ctx, email) }]);
}

/** A successful sign-in makes this device and address known to the account. */
async function rememberDevice(ctx: HookContext): Promise<void> {
  const created = (ctx.context as { newSession?: { user: { id: string; email: string } } | null })
    .newSession;
  if (!created) return;
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

/**
 * The `account` rules of lib/rate-limit/operations.ts, counted inside Better Auth: the body is
 * parsed here whatever its encoding (JSON, urlencoded, a server action's arguments), and only
 * here is it known whether a password was wrong.
 */
export function accountLimits() {
  return {
    id: "account-limits",
    hooks: {
      before: [
        {
          matcher: (ctx: { path?: string }) => accountRule(ctx) !== undefined,
          handler: createAuthMiddleware(async (ctx) => {
            if (accountRule(ctx) === "emailToAddress") await countEmailSent(ctx);
            else await refuseSpentBudget(ctx);
          }),
        },
      ],
      after: [
        {
          matcher: (ctx: { path?: string }) => accountRule(ctx) === "failedPassword",
          handler: createAuthMiddleware(countWrongPassword),
        },
        { matcher: () => true, handler: createAuthMiddleware(rememberDevice) },
      ],
    },
  } satisfies BetterAuthPlugin;
}
