import "server-only";
import { passkey } from "@better-auth/passkey";
import { betterAuth } from "better-auth";
import { hashPassword, verifyPassword } from "better-auth/crypto";
import { nextCookies } from "better-auth/next-js";
import { jwt, twoFactor } from "better-auth/plugins";
import type { JwtOptions } from "better-auth/plugins/jwt";
import { changeClaims } from "@/lib/account/change-email-token";
import { requirePasswordToDeleteAccount } from "@/lib/account/delete-account-plugin";
import { cancelEmailChange } from "@/lib/account/email-change";
import {
  announceResetToLeftAddresses,
  sendChangeApproval,
  sendChangeVerification,
} from "@/lib/account/email-change-mail";
import { guardEmailChange } from "@/lib/account/email-change-plugin";
import { enforceFieldBounds } from "@/lib/account/field-bounds-plugin";
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  RESET_LINK_VALID_SECONDS,
  VERIFICATION_VALID_HOURS,
} from "@/lib/account/lengths-and-lifetimes";
import { enforcePasswordPolicy } from "@/lib/account/new-password-check-plugin";
import { afterPasswordChange } from "@/lib/account/password-change-plugin";
import { normalizePassword } from "@/lib/account/password-rules";
import { forgetResetLinks } from "@/lib/account/queries";
import { refuseUnbuildableRedirects } from "@/lib/account/redirect-target-plugin";
import { verificationSignIn } from "@/lib/account/verification-sign-in-plugin";
import { recordActivity } from "@/lib/activity/activity-plugin";
import { originOf, recordEvent } from "@/lib/activity/record";
import { ACCESS_TOKEN_MAX_AGE_SECONDS, cookiesAreSecure } from "@/lib/auth/cookies";
import { runAfterResponse } from "@/lib/background";
import { db } from "@/lib/db";
import { sendEmail } from "@/lib/email";
import {
  existingAccountMessage,
  passwordResetNotice,
  resetPasswordMessage,
  sessionReuseMessage,
  verifyEmailMessage,
} from "@/lib/email/messages";
import { env } from "@/lib/env";
import { guardFactorChanges } from "@/lib/factors/factor-guard-plugin";
import { announceFactorChanges } from "@/lib/factors/factor-notices-plugin";
import { keepDeviceSession } from "@/lib/factors/keep-session-plugin";
import { acceptEachCodeOnce } from "@/lib/factors/one-use-codes-plugin";
import { markPasskeyUsed } from "@/lib/factors/queries";
import { logAuthEvent, loggable } from "@/lib/log";
import { accountLimits } from "@/lib/rate-limit/account-limits-plugin";
import { userLimits } from "@/lib/rate-limit/user-limits-plugin";
import { accessCookieOnlyWithNewToken } from "@/lib/sessions/access-cookie-guard";
import { bearerSessions, sessionTokenHeader } from "@/lib/sessions/bearer-plugin";
import { deviceEndpoints } from "@/lib/sessions/device-endpoints-plugin";
import { hideSessionToken } from "@/lib/sessions/hide-token-plugin";
import { announceNewDevices } from "@/lib/sessions/new-device-plugin";
import { SESSION_LIFETIME_SECONDS } from "@/lib/sessions/retired-tokens";
import { refreshRotation } from "@/lib/sessions/rotation-plugin";
import { recordStepUp } from "@/lib/sessions/step-up-plugin";
import { createSigningKeyOnce } from "@/lib/tokens/signing-key";

const DAY_SECONDS = 24 * 60 * 60;

/** Access JWTs for non-browser devices: EdDSA, keys at /api/auth/jwks, the session id as `sid`. */
const jwtOptions: JwtOptions = {
  jwt: {
    expirationTime: `${ACCESS_TOKEN_MAX_AGE_SECONDS}s`,
    definePayload: ({ session }) => ({ sid: session.id }),
  },
  disableSettingJwtHeader: true,
  // Instances starting together would each mint a key: one wins (migration 0009).
  adapter: { createJwk: createSigningKeyOnce },
};

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
  const { BETTER_AUTH_URL, BETTER_AUTH_SECRET, SESSION_CHECK } = env();
  // Off only for the benchmark's baseline: Better Auth's default, a database read per request.
  const accessTokens = SESSION_CHECK === "jwt";
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
        await sendEmail({ to: user.email, ...resetPasswordMessage(url) });
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
    user: {
      // The current address approves first; only then does the new one get its link (issue 21).
      changeEmail: { enabled: true, sendChangeEmailConfirmation: sendChangeApproval },
      deleteUser: {
        enabled: true,
        // One statement (sessions, accounts and todos cascade): Better Auth's own steps would leave
        // a user without sessions or password if its last statement failed.
        beforeDelete: async (user) => {
          await db().deleteFrom("user").where("id", "=", user.id).execute();
        },
      },
    },
    session: {
      expiresIn: SESSION_LIFETIME_SECONDS,
      updateAge: DAY_SECONDS,
      // Better Auth's own "fresh" is a session signed in within a day, whatever was proven since; the
      // one step-up (15 minutes, any factor) guards those endpoints instead, and deleting the account
      // always takes the password (lib/account/delete-account-plugin.ts).
      freshAge: 0,
      // The short-lived access token, checked by the edge middleware without the DB: encrypted (JWE),
      // because Better Auth puts the whole session row in it, the refresh token included.
      cookieCache: { enabled: accessTokens, maxAge: ACCESS_TOKEN_MAX_AGE_SECONDS, strategy: "jwe" },
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
    // Unexpected errors come to withLoggableFailures instead of being printed whole by the router.
    onAPIError: { throw: true },
    plugins: [
      // First, so no endpoint ever builds a URL from a redirect target it cannot parse.
      refuseUnbuildableRedirects(),
      // Then every stored field's bound (a name, an image URL...), before anything reads or counts it.
      enforceFieldBounds(),
      // Before every plugin that reacts to a new session: it signs in where autoSignIn would have.
      verificationSignIn(),
      // Access JWTs for non-browser devices: EdDSA, keys at /api/auth/jwks, the session id as `sid`.
      jwt(jwtOptions),
      // Devices send their session token as a bearer token to /api/auth/token to get an access JWT;
      // outside get-session, endpoints read the session row, never the access cookie.
      bearerSessions(),
      // After bearerSessions(), whose before-hook turns a bearer session token into the session cookie.
      refreshRotation({
        onReuse: (user) => {
          recordEvent(user, "token_reuse");
          const notice = sessionReuseMessage(
            `${BETTER_AUTH_URL}/settings/sessions`,
            `${BETTER_AUTH_URL}/forgot-password`,
            `${BETTER_AUTH_URL}/settings/security#recent-activity`,
          );
          runAfterResponse(sendEmail({ to: user.email, ...notice }));
        },
      }),
      // Per-user limits (device and profile changes, lists) before any other hook does work.
      userLimits(),
      // After rotation: no other endpoint renews the access cookie without a new session token.
      accessCookieOnlyWithNewToken(),
      // Second factors: an authenticator app with backup codes, and passkeys (WebAuthn). Before every
      // plugin that reacts to a new session: a password sign-in still waiting for its code has none.
      twoFactor({
        issuer: "Todos",
        backupCodeOptions: { amount: 10, storeBackupCodes: "encrypted" },
      }),
      passkey({
        rpName: "Todos",
        rpID: new URL(BETTER_AUTH_URL).hostname,
        // Never the request's own Origin header: only our origin may prove a passkey.
        origin: new URL(BETTER_AUTH_URL).origin,
        authentication: {
          afterVerification: async ({ verification }) => {
            await markPasskeyUsed(verification.authenticationInfo.credentialID);
          },
        },
      }),
      // Right after twoFactor: a session it replaces keeps its id (the device list, the page re-render).
      keepDeviceSession(),
      // Any factor's proof (password, code, passkey) marks fresh the session it was checked against.
      recordStepUp(),
      // /list-sessions and /revoke-*: the devices page's functions, its step-up, opaque handles.
      deviceEndpoints(),
      // After every plugin that sets the session cookie, so a bearer client always learns its token.
      sessionTokenHeader(),
      hideSessionToken(),
      // The account's own rules, each a plugin with matchers; before accountLimits, so a refused
      // request (a weak new password, a stale step-up) is never charged as a guess or an email.
      requirePasswordToDeleteAccount(),
      enforcePasswordPolicy(),
      guardEmailChange(),
      afterPasswordChange(),
      announceNewDevices(),
      guardFactorChanges(),
      announceFactorChanges(),
      // The account's security log: after the response, never slowing a sign-in.
      recordActivity(),
      // Wrong passwords per account and emails per address: counted where the body is parsed.
      accountLimits(),
      // After accountLimits(): a replayed code is charged as a guess before it is refused.
      acceptEachCodeOnce(),
      nextCookies(),
    ],
  });
  return withLoggableFailures(instance);
}

export type Auth = ReturnType<typeof createAuth>;
export type Session = Auth["$Infer"]["Session"];

const globalForAuth = globalThis as unknown as { __todoAuth?: Auth };

/** Built on first use: it needs the environment and the database, which `next build` has neither of. */
export function auth(): Auth {
  globalForAuth.__todoAuth ??= createAuth();
  return globalForAuth.__todoAuth;
}

/** Tests rebuild auth after swapping the database or the environment. */
export function resetAuthForTests(): void {
  globalForAuth.__todoAuth = undefined;
}
