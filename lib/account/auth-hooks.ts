import { APIError, createAuthMiddleware, getSessionFromCtx, isAPIError } from "better-auth/api";
import { runAfterResponse } from "@/lib/background";
import { sendEmail } from "@/lib/email";
import { emailChangeNotice, passwordChangedNotice } from "@/lib/email/messages";
import { env } from "@/lib/env";
import { passwordProblem } from "./password-policy";

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

/** Tells the account's owner, at the address they trust, about a password or email change. */
export const sendSecurityNotices = createAuthMiddleware(async (ctx) => {
  if (ctx.path !== "/change-password" && ctx.path !== "/change-email") return;
  if (isAPIError(ctx.context.returned)) return;
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
});
