import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { onPaths, succeeded } from "@/lib/auth-plugin";
import { runAfterResponse } from "@/lib/background";
import { sendEmail } from "@/lib/email";
import { emailChangeNotice } from "@/lib/email/messages";
import { env } from "@/lib/env";
import { requestSession } from "@/lib/sessions/bearer-plugin";
import { STEP_UP_REQUIRED } from "@/lib/sessions/step-up-required";
import { passwordChangedSince, steppedUpRecently } from "./queries";

/** The claims of a JWT, unverified: Better Auth verifies the signature itself right after. */
function unverifiedClaims(token: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

/**
 * Moving the account to another address is a takeover path for anyone holding a session (a stolen
 * cookie): it needs a recent step-up on this session, for the form and the HTTP API alike.
 */
const requireFreshStepUp = createAuthMiddleware(async (ctx) => {
  const session = await requestSession(ctx);
  if (session && (await steppedUpRecently(session.session.id))) return;
  throw APIError.from("FORBIDDEN", STEP_UP_REQUIRED);
});

/**
 * A change-email link is a stateless token valid for a day; it dies when the password changes
 * after it was sent, so resetting the password locks out whoever asked for the change.
 */
const refuseLinkAfterPasswordChange = createAuthMiddleware(async (ctx) => {
  if (typeof ctx.query?.token !== "string") return;
  const { email, updateTo, iat } = unverifiedClaims(ctx.query.token) ?? {};
  if (typeof email !== "string" || typeof updateTo !== "string" || typeof iat !== "number") return;
  // `iat` has 1 s resolution: count changes from the next second (never the sign-up itself).
  if (!(await passwordChangedSince(email, new Date((iat + 1) * 1000)))) return;
  throw ctx.redirect("/verify-email?error=INVALID_TOKEN");
});

/** Tells the owner, at the address they trust, that a move to another one was asked for. */
const notifyOwner = createAuthMiddleware(async (ctx) => {
  const user = ctx.context.session?.user;
  if (!user || !succeeded(ctx)) return;
  const base = env().BETTER_AUTH_URL;
  const newEmail = String((ctx.body as { newEmail?: unknown }).newEmail);
  const notice = emailChangeNotice(newEmail, `${base}/settings`, `${base}/forgot-password`);
  runAfterResponse(sendEmail({ to: user.email, ...notice }));
});

/** The safeguards around changing the account's email address. */
export function guardEmailChange() {
  return {
    id: "email-change-guard",
    hooks: {
      before: [
        { matcher: onPaths("/change-email"), handler: requireFreshStepUp },
        { matcher: onPaths("/verify-email"), handler: refuseLinkAfterPasswordChange },
      ],
      after: [{ matcher: onPaths("/change-email"), handler: notifyOwner }],
    },
  } satisfies BetterAuthPlugin;
}
