import "server-only";
import { betterAuth } from "better-auth";
import { hashPassword, verifyPassword } from "better-auth/crypto";
import { nextCookies } from "better-auth/next-js";
import { bearer, jwt } from "better-auth/plugins";
import type { JwtOptions } from "better-auth/plugins/jwt";
import { afterAuthHook, enforcePasswordPolicy } from "@/lib/account/auth-hooks";
import { normalizePassword } from "@/lib/account/password-policy";
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  RESET_LINK_VALID_SECONDS,
  VERIFICATION_VALID_HOURS,
} from "@/lib/account/policy";
import { ACCESS_TOKEN_MAX_AGE_SECONDS, cookiesAreSecure } from "@/lib/auth-cookies";
import { runAfterResponse } from "@/lib/background";
import { db } from "@/lib/db";
import { sendEmail } from "@/lib/email";
import {
  confirmNewEmailMessage,
  existingAccountMessage,
  passwordResetNotice,
  resetPasswordMessage,
  sessionReuseMessage,
  verifyEmailMessage,
} from "@/lib/email/messages";
import { env } from "@/lib/env";
import { hideSessionToken } from "@/lib/sessions/hide-token-plugin";
import { refreshRotation } from "@/lib/sessions/rotation-plugin";

const DAY_SECONDS = 24 * 60 * 60;

/** The new address inside a change-email link, read from the link's own (signed) token. */
function emailChangeTarget(url: string): string | undefined {
  try {
    const token = new URL(url).searchParams.get("token") ?? "";
    const payload = JSON.parse(
      Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"),
    );
    return typeof payload.updateTo === "string" ? payload.updateTo : undefined;
  } catch {
    return undefined;
  }
}

/** Access JWTs for non-browser devices: EdDSA, keys at /api/auth/jwks, the session id as `sid`. */
const jwtOptions: JwtOptions = {
  jwt: {
    expirationTime: `${ACCESS_TOKEN_MAX_AGE_SECONDS}s`,
    definePayload: ({ session }) => ({ sid: session.id }),
  },
  disableSettingJwtHeader: true,
};

function createAuth() {
  const { BETTER_AUTH_URL, BETTER_AUTH_SECRET } = env();
  return betterAuth({
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
      },
      onPasswordReset: async ({ user }) => {
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
          ...existingAccountMessage(`${BETTER_AUTH_URL}/sign-in`),
        });
      },
    },
    emailVerification: {
      sendOnSignUp: true,
      autoSignInAfterVerification: true,
      expiresIn: VERIFICATION_VALID_HOURS * 60 * 60,
      sendVerificationEmail: async ({ user, url }) => {
        const newEmail = emailChangeTarget(url);
        const message = newEmail
          ? confirmNewEmailMessage(url, newEmail, VERIFICATION_VALID_HOURS)
          : verifyEmailMessage(url, VERIFICATION_VALID_HOURS);
        // Better Auth awaits this on /send-verification-email: a failing or slow Resend would answer
        // 500 (or late) only for addresses with an unverified account.
        runAfterResponse(sendEmail({ to: user.email, ...message }));
      },
    },
    user: {
      changeEmail: { enabled: true },
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
      expiresIn: 30 * DAY_SECONDS,
      updateAge: DAY_SECONDS,
      // The short-lived access token: a signed JWT cookie the edge middleware verifies without the DB.
      cookieCache: { enabled: true, maxAge: ACCESS_TOKEN_MAX_AGE_SECONDS, strategy: "jwt" },
    },
    hooks: {
      before: enforcePasswordPolicy,
      after: afterAuthHook,
    },
    advanced: {
      useSecureCookies: cookiesAreSecure(),
      // The device list shows the same client IP the rate limiter trusts.
      ipAddress: { ipAddressHeaders: [env().CLIENT_IP_HEADER] },
      // Emails go out after the response: the same answer time whether or not one was sent.
      backgroundTasks: { handler: runAfterResponse },
    },
    // Limits are enforced once, at the edge (middleware.ts), never by two disagreeing limiters.
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    plugins: [
      // Access JWTs for non-browser devices: EdDSA, keys at /api/auth/jwks, the session id as `sid`.
      jwt(jwtOptions),
      // Devices send their session token as a bearer token to /api/auth/token to get an access JWT.
      bearer(),
      // After bearer(), whose before-hook turns a bearer session token into the session cookie.
      refreshRotation({
        onReuse: (user) => {
          const notice = sessionReuseMessage(
            `${BETTER_AUTH_URL}/settings/sessions`,
            `${BETTER_AUTH_URL}/forgot-password`,
          );
          runAfterResponse(sendEmail({ to: user.email, ...notice }));
        },
      }),
      hideSessionToken(),
      nextCookies(),
    ],
    // Its answer holds every device's session token; /settings/sessions reads the devices itself.
    disabledPaths: ["/list-sessions"],
  });
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
