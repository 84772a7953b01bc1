/**
 * The one answer for "this needs a step-up from the last 15 minutes", on every endpoint that asks
 * for one. The code is Better Auth's own for "prove it is you again", so its clients know it.
 * No imports: client components read the code too.
 */
export const STEP_UP_REQUIRED = {
  code: "SESSION_NOT_FRESH",
  message:
    "Confirm it's you first (your password, a passkey or an authenticator code), then try again.",
} as const;

/** The same refusal once an authenticator app is on: the password alone no longer proves enough. */
export const SECOND_FACTOR_STEP_UP_REQUIRED = {
  code: STEP_UP_REQUIRED.code,
  message:
    "Confirm it's you with a code from your authenticator app, a backup code or a passkey, then try again.",
} as const;
