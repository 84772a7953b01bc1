import { APIError, createAuthMiddleware, getSessionFromCtx, isAPIError } from "better-auth/api";
import { runAfterResponse } from "@/lib/background";
import { sendEmail } from "@/lib/email";
import { emailChangeNotice, newSignInMessage, passwordChangedNotice } from "@/lib/email/messages";
import { env } from "@/lib/env";
import { describeDevice, recordDevice } from "@/lib/sessions/devices";
import { passwordProblem } from "./password-policy";
import { forgetResetLinks, passwordChangedSince, passwordConfirmedRecently } from "./queries";

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

/** Endpoints that set a new password, and the body field that holds it. */
const NEW_PASSWORD_FIELD: Record<string, string> = {
  "/sign-up/email": "password",
  "/reset-password": "newPassword",
  "/change-password": "newPassword",
};

/** The account email a new password must not equal. */
async function accountEmail(ctx: HookContext): Promise<string | undefined> {
  const body = ctx.body as Record<string, unknown>;
  if (typeof body.email === "string") return body.email;
  if (ctx.path === "/change-password") return (await getSessionFromCtx(ctx))?.user.email;
  if (ctx.path === "/reset-password" && typeof body.token === "string") {
    const verification = await ctx.context.internalAdapter.findVerificationValue(
      `reset-password:${body.token}`,
    );
    const user =
      verification && (await ctx.context.internalAdapter.findUserById(verification.value));
    return user?.email;
  }
  return undefined;
}

/**
 * Moving the account to another address is a takeover path for anyone holding a session (a stolen
 * cookie): it needs a recent password proof on this device, for the form and the HTTP API alike.
 */
async function requireFreshPasswordForEmailChange(ctx: HookContext): Promise<void> {
  if (ctx.path !== "/change-email") return;
  const session = await getSessionFromCtx(ctx);
  if (session && (await passwordConfirmedRecently(session.session.id))) return;
  throw APIError.from("FORBIDDEN", {
    code: "PASSWORD_CONFIRMATION_REQUIRED",
    message: "Confirm your password before changing your email.",
  });
}

/** The claims of a JWT, unverified: Better Auth verifies the signature itself right after. */
function unverifiedClaims(token: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

/**
 * A change-email link is a stateless token valid for a day; it dies when the password changes
 * after it was sent, so resetting the password locks out whoever asked for the change.
 */
async function refuseEmailChangeAfterPasswordChange(ctx: HookContext): Promise<void> {
  if (ctx.path !== "/verify-email" || typeof ctx.query?.token !== "string") return;
  const claims = unverifiedClaims(ctx.query.token);
  const { email, updateTo, iat } = claims ?? {};
  if (typeof email !== "string" || typeof updateTo !== "string" || typeof iat !== "number") return;
  // `iat` has 1 s resolution: count changes from the next second (never the sign-up itself).
  if (!(await passwordChangedSince(email, new Date((iat + 1) * 1000)))) return;
  throw ctx.redirect("/verify-email?error=INVALID_TOKEN");
}

/** Deleting the account always takes the password: Better Auth alone accepts a day-old session. */
function requirePasswordToDeleteAccount(ctx: HookContext): void {
  if (ctx.path !== "/delete-user") return;
  const password = (ctx.body as { password?: unknown } | undefined)?.password;
  if (typeof password === "string" && password.length > 0) return;
  throw APIError.from("BAD_REQUEST", {
    code: "PASSWORD_REQUIRED",
    message: "Enter your password to delete your account.",
  });
}

/** Before Better Auth acts: the password policy and the account-takeover safeguards, on every path in. */
export const beforeAuthHook = createAuthMiddleware(async (ctx) => {
  requirePasswordToDeleteAccount(ctx);
  await requireFreshPasswordForEmailChange(ctx);
  await refuseEmailChangeAfterPasswordChange(ctx);
  const field = NEW_PASSWORD_FIELD[ctx.path];
  const password = field ? (ctx.body as Record<string, unknown> | undefined)?.[field] : undefined;
  if (typeof password !== "string") return;
  const problem = passwordProblem(password, await accountEmail(ctx));
  if (problem) throw APIError.from("BAD_REQUEST", { code: "PASSWORD_REJECTED", message: problem });
});

type AfterContext = HookContext & {
  context: { newSession?: { session: SessionRow; user: { id: string; email: string } } | null };
};
type SessionRow = {
  id: string;
  userAgent?: string | null;
  ipAddress?: string | null;
  createdAt: Date;
};

/** Tells the account's owner, at the address they trust, about a password or email change. */
function notifySecurityChange(ctx: HookContext) {
  if (ctx.path !== "/change-password" && ctx.path !== "/change-email") return;
  const user = ctx.context.session?.user;
  if (!user) return;
  const base = env().BETTER_AUTH_URL;
  const [settingsUrl, forgotUrl] = [`${base}/settings`, `${base}/forgot-password`];
  const message =
    ctx.path === "/change-password"
      ? passwordChangedNotice(settingsUrl, forgotUrl)
      : emailChangeNotice(
          String((ctx.body as { newEmail?: unknown }).newEmail),
          settingsUrl,
          forgotUrl,
        );
  runAfterResponse(sendEmail({ to: user.email, ...message }));
}

/** Remembers where each sign-in came from, and emails the owner about a browser and OS never seen before. */
async function recordSignInDevice(ctx: AfterContext) {
  const created = ctx.context.newSession;
  if (!created) return;
  const device = describeDevice(created.session.userAgent);
  const { isNew, hadOthers } = await recordDevice(created.user.id, device);
  if (!isNew || !hadOthers || ctx.path !== "/sign-in/email") return;
  const sign = {
    device,
    ip: created.session.ipAddress ?? "unknown",
    at: new Date(created.session.createdAt),
  };
  const message = newSignInMessage(sign, `${env().BETTER_AUTH_URL}/settings/sessions`);
  runAfterResponse(sendEmail({ to: created.user.email, ...message }));
}

export const afterAuthHook = createAuthMiddleware(async (ctx) => {
  const { returned } = ctx.context;
  // Redirects (a followed verification link) are API errors too, but successful ones.
  if (isAPIError(returned) && returned.statusCode >= 400) return;
  const changer = ctx.context.session?.user;
  if (ctx.path === "/change-password" && changer) await forgetResetLinks(changer.id);
  notifySecurityChange(ctx);
  await recordSignInDevice(ctx as AfterContext);
});
