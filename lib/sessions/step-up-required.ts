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
