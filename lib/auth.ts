import "server-only";
import { betterAuth } from "better-auth";
import { nextCookies } from "better-auth/next-js";
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  VERIFICATION_VALID_HOURS,
} from "@/lib/account/policy";
import { ACCESS_TOKEN_MAX_AGE_SECONDS, cookiesAreSecure } from "@/lib/auth-cookies";
import { db } from "@/lib/db";
import { sendEmail } from "@/lib/email";
import { existingAccountMessage, verifyEmailMessage } from "@/lib/email/messages";
import { env } from "@/lib/env";

const DAY_SECONDS = 24 * 60 * 60;

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
        await sendEmail({ to: user.email, ...verifyEmailMessage(url, VERIFICATION_VALID_HOURS) });
      },
    },
    session: {
      expiresIn: 30 * DAY_SECONDS,
      updateAge: DAY_SECONDS,
      // The short-lived access token: a signed JWT cookie the edge middleware verifies without the DB.
      cookieCache: { enabled: true, maxAge: ACCESS_TOKEN_MAX_AGE_SECONDS, strategy: "jwt" },
    },
    advanced: { useSecureCookies: cookiesAreSecure() },
    // Limits are enforced once, at the edge (middleware.ts), never by two disagreeing limiters.
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    plugins: [nextCookies()],
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
