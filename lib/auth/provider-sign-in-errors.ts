/**
 * What /sign-in says when a provider sign-in comes back with `?error=`: a fixed message per code,
 * never the provider's own description (anyone can put text in a link).
 */
const MESSAGES: Record<string, string> = {
  access_denied: "Signing in was cancelled at the provider. Nothing was changed.",
  email_not_verified:
    "Your provider has not verified that email address. Verify it there first, or sign up with a password.",
  // Better Auth's word when an unverified provider address meets an existing account.
  account_not_linked:
    "Your provider has not verified that email address, so it cannot sign in to the account that uses it.",
  email_not_found:
    "Your provider did not share an email address, so we cannot sign you in with it.",
  rate_limited: "Too many attempts. Try again in a few minutes.",
  cross_origin: "That sign-in was started from another site, so nothing was changed.",
};

const RESTART =
  "That sign-in could not be completed (it expired, or was not started in this browser). Please try again.";

/** Codes meaning the round trip itself failed: state, PKCE or code (lib/auth/provider-sign-in-errors.test.ts). */
const RESTART_CODES = new Set([
  "state_not_found",
  "state_mismatch",
  "state_security_mismatch",
  "invalid_state",
  "please_restart_the_process",
  "invalid_callback_request",
  "no_code",
  "invalid_code",
  "no_callback_url",
]);

const FALLBACK = "We could not sign you in with that provider. Please try again.";

export function providerSignInError(code: string | undefined): string | undefined {
  if (!code) return undefined;
  if (Object.hasOwn(MESSAGES, code)) return MESSAGES[code];
  return RESTART_CODES.has(code) ? RESTART : FALLBACK;
}
