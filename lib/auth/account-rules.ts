import { APIError, createAuthMiddleware, createEmailVerificationToken } from "better-auth/api";
import * as z from "zod";
import { changeClaims } from "@/lib/account/change-email-token";
import { mailDeleteConfirmation } from "@/lib/account/delete-confirmation";
import {
  addressTakenByAnother,
  cancelEmailChange,
  claimChangeLink,
  recordEmailMoved,
} from "@/lib/account/email-change";
import {
  explainResetToLeftAddress,
  sendChangeApproval,
  sendEmailChangedNotice,
} from "@/lib/account/email-change-mail";
import { checkNewPassword, NEW_PASSWORD_PATHS } from "@/lib/account/new-password-check";
import { forgetResetLinks } from "@/lib/account/queries";
import { runAfterResponse } from "@/lib/background";
import { hasPassword } from "@/lib/connected-accounts/queries";
import { sendEmail } from "@/lib/email";
import { passwordChangedNotice } from "@/lib/email/messages";
import { env } from "@/lib/env";
import { canSignInWithout } from "@/lib/factors/queries";
import { feature, onPaths, sessionFromRow, succeeded } from "./hook-context";

/**
 * Deleting the account always takes a proof: the password, or for an account that has none (made
 * with a provider), the link we email it. Better Auth alone accepts a day-old session.
 */
const requireProofToDelete = createAuthMiddleware(async (ctx) => {
  const body = ctx.body as { password?: unknown; token?: unknown } | undefined;
  if (typeof body?.password === "string" && body.password.length > 0) return;
  const session = await sessionFromRow(ctx);
  if (session && !(await hasPassword(session.user.id))) {
    // Better Auth checks the token is this user's delete link, and spends it.
    if (typeof body?.token === "string" && body.token.length > 0) return;
    await mailDeleteConfirmation(ctx, session.user);
    return ctx.json({ success: true, message: "Verification email sent" });
  }
  throw APIError.from("BAD_REQUEST", {
    code: "PASSWORD_REQUIRED",
    message: "Enter your password to delete your account.",
  });
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

/**
 * An approval link opened over HTTP stops at a page with a button: mail providers open every link
 * they scan, and a GET must not approve for the owner. The button's POST approves (no request here).
 */
const approveOnlyByClick = createAuthMiddleware(async (ctx) => {
  const token = typeof ctx.query?.token === "string" ? ctx.query.token : "";
  if (!ctx.request || changeClaims(token)?.requestType !== "change-email-confirmation") return;
  const page = new URLSearchParams({ token });
  if (typeof ctx.query?.callbackURL === "string") page.set("callbackURL", ctx.query.callbackURL);
  throw ctx.redirect(`/approve-email-change?${page}`);
});

/**
 * Better Auth answers a move to an address another account holds without mailing anyone, so the
 * asker's inbox (and the answer's timing) would say who has an account. The asker gets the same
 * approval mail as for any address; once approved, that address's owner is told instead of mailed
 * a link (lib/account/email-change-mail.ts).
 */
const askLikeAnyAddress = createAuthMiddleware(async (ctx) => {
  if (!succeeded(ctx)) return;
  const body = ctx.body as { newEmail?: unknown; callbackURL?: unknown } | undefined;
  const newEmail = z.email().safeParse(body?.newEmail).data?.toLowerCase();
  const user = (ctx.context.session ?? (await sessionFromRow(ctx)))?.user;
  if (!newEmail || !user || !(await addressTakenByAnother(user.id, newEmail))) return;
  const token = await createEmailVerificationToken(
    ctx.context.secret,
    user.email,
    newEmail,
    ctx.context.options.emailVerification?.expiresIn,
    { requestType: "change-email-confirmation", userId: user.id },
  );
  // As Better Auth builds it; the callbackURL passed its origin check before the endpoint ran.
  const callbackURL =
    typeof body?.callbackURL === "string" && body.callbackURL ? body.callbackURL : "/";
  const url = `${ctx.context.baseURL}/verify-email?token=${token}&callbackURL=${encodeURIComponent(callbackURL)}`;
  // After the response, as Better Auth sends its own approvals: the timing says nothing either.
  await ctx.context.runInBackgroundOrAwait(
    sendChangeApproval({ user, newEmail, url, token }, ctx.request),
  );
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

/** After a password change: older reset links die, and the owner hears about it. */
const afterPasswordChange = createAuthMiddleware(async (ctx) => {
  const user = ctx.context.session?.user;
  if (!user || !succeeded(ctx)) return;
  await forgetResetLinks(user.id);
  const base = env().BETTER_AUTH_URL;
  const notice = passwordChangedNotice(`${base}/settings`, `${base}/forgot-password`);
  runAfterResponse(sendEmail({ to: user.email, ...notice }));
});

/** The account must keep a way to sign in: the last passkey of an account with no password stays. */
const keepLastSignInFactor = createAuthMiddleware(async (ctx) => {
  const session = await sessionFromRow(ctx);
  const id = (ctx.body as { id?: unknown } | undefined)?.id;
  if (!session || typeof id !== "string") return;
  if (await canSignInWithout(session.user.id, id)) return;
  throw APIError.from("BAD_REQUEST", {
    code: "LAST_SIGN_IN_FACTOR",
    message:
      "This is the only way left to sign in to your account; add another before removing it.",
  });
});

/**
 * Better Auth's trusted-device cookie would let a password alone sign in on that browser for
 * weeks, surviving sign-out: not offered (see README, "Second factors").
 */
const refuseTrustedDevice = createAuthMiddleware(async (ctx) => {
  if ((ctx.body as { trustDevice?: unknown } | undefined)?.trustDevice !== true) return;
  throw APIError.from("BAD_REQUEST", {
    code: "TRUST_DEVICE_NOT_OFFERED",
    message: "Trusting a device is not offered: every sign-in asks for the code.",
  });
});

/**
 * The account's own rules: deleting it takes the password (or its emailed link when it has none), a new password meets the password
 * rules, an email change moves only by its pending links, and the last way to sign in stays.
 */
export function accountRules() {
  return feature("account-rules", {
    before: [
      { matcher: onPaths("/delete-user"), handler: requireProofToDelete },
      { matcher: onPaths(...NEW_PASSWORD_PATHS), handler: checkNewPassword },
      { matcher: onPaths("/verify-email"), handler: approveOnlyByClick },
      { matcher: onPaths("/verify-email"), handler: admitOnlyThePendingLink },
      { matcher: onPaths("/passkey/delete-passkey"), handler: keepLastSignInFactor },
      {
        matcher: onPaths("/two-factor/verify-totp", "/two-factor/verify-backup-code"),
        handler: refuseTrustedDevice,
      },
    ],
    after: [
      { matcher: onPaths("/verify-email"), handler: rememberTheLeftAddress },
      { matcher: onPaths("/change-email"), handler: askLikeAnyAddress },
      { matcher: onPaths("/change-password"), handler: cancelOnNewPassword },
      { matcher: onPaths("/request-password-reset"), handler: explainLeftAddress },
      { matcher: onPaths("/change-password"), handler: afterPasswordChange },
    ],
  });
}
