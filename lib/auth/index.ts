import "server-only";
import { betterAuth } from "better-auth";
import { hashPassword, verifyPassword } from "better-auth/crypto";
import { changeClaims } from "@/lib/account/change-email-token";
import { cancelEmailChange } from "@/lib/account/email-change";
import {
  announceResetToLeftAddresses,
  sendChangeApproval,
  sendChangeVerification,
} from "@/lib/account/email-change-mail";
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  RESET_LINK_VALID_SECONDS,
  VERIFICATION_VALID_HOURS,
} from "@/lib/account/lengths-and-lifetimes";
import { normalizePassword } from "@/lib/account/password-rules";
import { forgetResetLinks } from "@/lib/account/queries";
import { originOf, recordEvent } from "@/lib/activity/record";
import { ACCESS_TOKEN_MAX_AGE_SECONDS, cookiesAreSecure } from "@/lib/auth/cookies";
import { runAfterResponse } from "@/lib/background";
import { hasPassword } from "@/lib/connected-accounts/queries";
import { db } from "@/lib/db";
import { sendEmail } from "@/lib/email";
import { addPasswordMessage } from "@/lib/email/connected-account-messages";
import {
  existingAccountMessage,
  passwordResetNotice,
  resetPasswordMessage,
  verifyEmailMessage,
} from "@/lib/email/messages";
import { env } from "@/lib/env";
import { logAuthEvent, loggable } from "@/lib/log";
import { processSingleton } from "@/lib/process-state";
import { SESSION_LIFETIME_SECONDS } from "@/lib/sessions/retired-tokens";
import { endedSessionHooks, publishSessionsEnded } from "@/lib/todos/feed-publish";
import { features } from "./features";
import { checkProviderIdentity } from "./provider-identity";
import { socialProviders } from "./providers";

const DAY_SECONDS = 24 * 60 * 60;

/** An unexpected error (a failing database) answers 500 as before, logged without its row data. */
function withLoggableFailures<T extends { handler: (request: Request) => Promise<Response> }>(
  instance: T,
): T {
  const handler = instance.handler;
  instance.handler = async (request) => {
    try {
      return await handler(request);
    } catch (error) {
      console.error("Auth request failed:", new URL(request.url).pathname, loggable(error));
      return new Response(null, { status: 500 });
    }
  };
  return instance;
}

function createAuth() {
  const { BETTER_AUTH_URL, BETTER_AUTH_SECRET } = env();
  const instance = betterAuth({
    appName: "Todos",
    baseURL: BETTER_AUTH_URL,
    secret: BETTER_AUTH_SECRET,
    database: { db: db(), type: "postgres", transaction: true },
    emailAndPassword: {
      enabled: true,
      requireEmailVerification: true,
      minPasswordLength: PASSWORD_MIN_LENGTH,
      maxPasswordLength: PASSWORD_MAX_LENGTH,
      password: {
        hash: (password) => hashPassword(normalizePassword(password)),
        verify: ({ hash, password }) =>
          verifyPassword({ hash, password: normalizePassword(password) }),
      },
      resetPasswordTokenExpiresIn: RESET_LINK_VALID_SECONDS,
      revokeSessionsOnPasswordReset: true,
      sendResetPassword: async ({ user, url }) => {
        // An account made with a provider has no password yet: the same link adds one.
        const message = (await hasPassword(user.id))
          ? resetPasswordMessage(url)
          : addPasswordMessage(url);
        await sendEmail({ to: user.email, ...message });
        await announceResetToLeftAddresses(user);
      },
      onPasswordReset: async ({ user }, request) => {
        await forgetResetLinks(user.id);
        await cancelEmailChange(user.id);
        recordEvent(user, "password_reset", originOf(request?.headers));
        const notice = passwordResetNotice(
          `${BETTER_AUTH_URL}/sign-in`,
          `${BETTER_AUTH_URL}/forgot-password`,
        );
        runAfterResponse(sendEmail({ to: user.email, ...notice }));
      },
      // A second sign-up with a known address answers like a new one and mails the owner instead.
      onExistingUserSignUp: async ({ user }) => {
        await sendEmail({
          to: user.email,
          ...existingAccountMessage(
            `${BETTER_AUTH_URL}/sign-in`,
            `${BETTER_AUTH_URL}/forgot-password`,
          ),
        });
      },
    },
    emailVerification: {
      sendOnSignUp: true,
      // Off: it signs in whoever opens the link; verificationSignIn() signs in only the sign-up's browser.
      autoSignInAfterVerification: false,
      expiresIn: VERIFICATION_VALID_HOURS * 60 * 60,
      sendVerificationEmail: async ({ user, url, token }) => {
        // Better Auth awaits this on /send-verification-email: a failing or slow Resend would answer
        // 500 (or late) only for addresses with an unverified account.
        if (changeClaims(token)) return runAfterResponse(sendChangeVerification(url, token));
        const message = verifyEmailMessage(url, VERIFICATION_VALID_HOURS);
        runAfterResponse(sendEmail({ to: user.email, ...message }));
      },
    },
    // Google and GitHub; any OpenID Connect provider comes through features (genericOAuth).
    socialProviders: socialProviders(env()),
    account: {
      // No provider token is kept (lib/auth/provider-accounts.ts nulls them); encrypted if one ever were.
      encryptOAuthTokens: true,
      accountLinking: {
        enabled: true,
        // No provider is trusted to link an address it has not verified (lib/auth/provider-identity.ts).
        trustedProviders: [],
        allowDifferentEmails: false,
        // Our rule decides alone, counting passkeys too (lib/auth/connected-accounts.ts): Better
        // Auth's own counts only account rows, so a passkey-holding account could not drop its provider.
        allowUnlinkingAll: true,
        // An unverified local account is someone's unproven claim: providerSignIn() drops its
        // password and sessions, then the provider's verified address joins it.
        requireLocalEmailVerified: false,
      },
    },
    user: {
      // Which provider identities are accepted (ours, verified address, the state's provider): before any write.
      validateUserInfo: checkProviderIdentity,
      // The current address approves first; only then does the new one get its link (issue 21).
      changeEmail: { enabled: true, sendChangeEmailConfirmation: sendChangeApproval },
      deleteUser: {
        enabled: true,
        // One statement (sessions, accounts and todos cascade): Better Auth's own steps would leave
        // a user without sessions or password if its last statement failed.
        beforeDelete: async (user) => {
          await db().deleteFrom("user").where("id", "=", user.id).execute();
          await publishSessionsEnded(user.id);
        },
      },
    },
    session: {
      expiresIn: SESSION_LIFETIME_SECONDS,
      updateAge: DAY_SECONDS,
      // Better Auth's own "fresh" is a session signed in within a day, whatever was proven since; the
      // one step-up (15 minutes, any factor) guards those endpoints instead, and deleting the account
      // takes the password, or a link mailed to an account without one (lib/auth/account-rules.ts).
      freshAge: 0,
      // The short-lived access token, checked by the edge middleware without the DB: encrypted (JWE),
      // because Better Auth puts the whole session row in it, the refresh token included.
      cookieCache: { enabled: true, maxAge: ACCESS_TOKEN_MAX_AGE_SECONDS, strategy: "jwe" },
    },
    advanced: {
      // Better Auth turns its Origin (CSRF) and callbackURL checks off when NODE_ENV=test or TEST is set: never.
      disableOriginCheck: false,
      disableCSRFCheck: false,
      useSecureCookies: cookiesAreSecure(),
      // The device list shows the same client IP the rate limiter trusts.
      ipAddress: { ipAddressHeaders: [env().CLIENT_IP_HEADER] },
      // Emails go out after the response: the same answer time whether or not one was sent.
      backgroundTasks: { handler: runAfterResponse },
    },
    // Our limits (lib/rate-limit/operations.ts) are counted once each, never by two disagreeing limiters.
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    // Its default logger prints database errors whole: failing rows and parameters hold tokens.
    logger: { log: logAuthEvent },
    // Sign-out, a password change or reset: the ended sessions' live feeds say signed-out.
    databaseHooks: endedSessionHooks,
    // Unexpected errors come to withLoggableFailures instead of being printed whole by the router.
    // A provider callback that fails (denied consent, bad state) lands on /sign-in with its code.
    onAPIError: { throw: true, errorURL: `${BETTER_AUTH_URL}/sign-in` },
    // The running order, each with its reason: lib/auth/features.ts.
    plugins: features(BETTER_AUTH_URL).map((feature) => feature.plugin),
  });
  return withLoggableFailures(instance);
}

export type Auth = ReturnType<typeof createAuth>;
export type Session = Auth["$Infer"]["Session"];

/** Built on first use: it needs the environment and the database, which `next build` has neither of. */
export function auth(): Auth {
  return processSingleton("auth", createAuth);
}
