import { APIError, createAuthMiddleware, getSessionFromCtx, isAPIError } from "better-auth/api";
import { runAfterResponse } from "@/lib/background";
import { sendEmail } from "@/lib/email";
import { emailChangeNotice, newSignInMessage, passwordChangedNotice } from "@/lib/email/messages";
import { env } from "@/lib/env";
import { describeDevice, recordDevice } from "@/lib/sessions/devices";
import { passwordProblem } from "./password-policy";
import { forgetResetLinks } from "./queries";

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

/** The password policy, enforced server-side for the forms and the HTTP API alike. */
export const enforcePasswordPolicy = createAuthMiddleware(async (ctx) => {
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
