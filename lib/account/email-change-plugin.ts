import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { onPaths, succeeded } from "@/lib/auth/hook-context";
import { runAfterResponse } from "@/lib/background";
import { requestSession } from "@/lib/sessions/bearer-plugin";
import { STEP_UP_REQUIRED } from "@/lib/sessions/step-up-required";
import { changeClaims } from "./change-email-token";
import { cancelEmailChange, claimChangeLink, recordEmailMoved } from "./email-change";
import { explainResetToLeftAddress, sendEmailChangedNotice } from "./email-change-mail";
import { steppedUpRecently } from "./queries";

/**
 * Moving the account to another address is a takeover path for anyone holding a session (a stolen
 * cookie): it needs a recent step-up on this session, for the form and the HTTP API alike.
 */
const requireFreshStepUp = createAuthMiddleware(async (ctx) => {
  const session = await requestSession(ctx);
  if (session && (await steppedUpRecently(session.session.id))) return;
  throw APIError.from("FORBIDDEN", STEP_UP_REQUIRED);
});

const CHANGE_STEPS: Record<string, "approval" | "verification"> = {
  "change-email-confirmation": "approval",
  "change-email-verification": "verification",
};

/**
 * Change links are stateless tokens: one works only while it is the account's pending change link
 * (so signing out everywhere, a reset or a new password cancels it), and only once. Links without a
 * step (Better Auth's one-step flow, or older ones) never move an account.
 */
const admitOnlyThePendingLink = createAuthMiddleware(async (ctx) => {
  const token = typeof ctx.query?.token === "string" ? ctx.query.token : "";
  const claims = changeClaims(token);
  if (!claims) return;
  const step = CHANGE_STEPS[claims.requestType ?? ""];
  if (step && (await claimChangeLink(claims.userId, claims.updateTo, token, step))) return;
  throw ctx.redirect("/verify-email?error=INVALID_TOKEN");
});

/** Once the new address confirmed: the old one is remembered for recovery notices, and told. */
const rememberTheLeftAddress = createAuthMiddleware(async (ctx) => {
  const claims = changeClaims(typeof ctx.query?.token === "string" ? ctx.query.token : "");
  if (claims?.requestType !== "change-email-verification") return;
  if (!(await recordEmailMoved(claims.userId, claims.email, claims.updateTo))) return;
  runAfterResponse(sendEmailChangedNotice(claims.email, claims.updateTo));
});

/** A new password (the owner taking the account back) cancels any pending change. */
const cancelOnNewPassword = createAuthMiddleware(async (ctx) => {
  const userId = ctx.context.session?.user.id;
  if (userId && succeeded(ctx)) await cancelEmailChange(userId);
});

/** A reset asked for an address the account left lately: that address hears why nothing came. */
const explainLeftAddress = createAuthMiddleware(async (ctx) => {
  const email = (ctx.body as { email?: unknown } | undefined)?.email;
  if (typeof email === "string" && succeeded(ctx))
    runAfterResponse(explainResetToLeftAddress(email));
});

/** The safeguards around changing the account's email address. */
export function guardEmailChange() {
  return {
    id: "email-change-guard",
    hooks: {
      before: [
        { matcher: onPaths("/change-email"), handler: requireFreshStepUp },
        { matcher: onPaths("/verify-email"), handler: admitOnlyThePendingLink },
      ],
      after: [
        { matcher: onPaths("/verify-email"), handler: rememberTheLeftAddress },
        { matcher: onPaths("/change-password"), handler: cancelOnNewPassword },
        { matcher: onPaths("/request-password-reset"), handler: explainLeftAddress },
      ],
    },
  } satisfies BetterAuthPlugin;
}
