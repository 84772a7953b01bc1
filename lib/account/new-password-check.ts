import { APIError, createAuthMiddleware } from "better-auth/api";
import { type HookContext, requestSession } from "@/lib/auth/hook-context";
import { normalizePassword, passwordProblem } from "./password-rules";
import { isBreachedPassword } from "./pwned-passwords";

const BREACHED =
  "This password has appeared in a data breach, so attackers try it. Choose another one.";

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
  if (ctx.path === "/change-password") return (await requestSession(ctx))?.user.email;
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

/** Endpoints that set a password: the body field that holds the new one. */
export const NEW_PASSWORD_PATHS = Object.keys(NEW_PASSWORD_FIELD);

/**
 * The password rules (lib/account/password-rules.ts) on every path that sets a password, then
 * the breached-password check (ours, not Better Auth's haveIBeenPwned plugin, which hard-codes
 * the host and fails closed when it cannot be reached).
 */
export const checkNewPassword = createAuthMiddleware(async (ctx) => {
  const field = NEW_PASSWORD_FIELD[ctx.path ?? ""] ?? "";
  const password = (ctx.body as Record<string, unknown> | undefined)?.[field];
  if (typeof password !== "string") return;
  const problem =
    passwordProblem(password, await accountEmail(ctx)) ??
    ((await isBreachedPassword(normalizePassword(password))) ? BREACHED : undefined);
  if (problem) {
    throw APIError.from("BAD_REQUEST", { code: "PASSWORD_REJECTED", message: problem });
  }
});
