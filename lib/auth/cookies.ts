import { env } from "@/lib/env";

/** Edge-safe facts about the auth cookies, shared by lib/auth and the edge middleware. */
export const ACCESS_TOKEN_MAX_AGE_SECONDS = 5 * 60;

/** Secure (and `__Secure-`-prefixed) cookies exactly when the app is served over https. */
export function cookiesAreSecure(): boolean {
  return env().BETTER_AUTH_URL.startsWith("https://");
}

export function sessionTokenCookieName(): string {
  return `${cookiesAreSecure() ? "__Secure-" : ""}better-auth.session_token`;
}

/** Every cookie Better Auth sets for a session: cleared together when a device was signed out elsewhere. */
export function sessionCookieNames(): string[] {
  const prefix = `${cookiesAreSecure() ? "__Secure-" : ""}better-auth.`;
  return ["session_token", "session_data", "dont_remember"].map((name) => `${prefix}${name}`);
}
