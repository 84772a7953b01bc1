/** What the account's security log records, and how /settings/security names each entry. */
export const EVENT_LABELS = {
  sign_in: "Signed in",
  sign_in_failed: "Failed sign-in attempt",
  new_device: "Signed in from a new device",
  password_changed: "Password changed",
  password_reset: "Password reset by email",
  email_change_requested: "Email change asked for",
  email_changed: "Email changed",
  factor_added: "Sign-in method added",
  factor_removed: "Sign-in method removed",
  signed_out: "Device signed out",
  token_reuse: "Copied session detected and signed out",
  reported: "Reported as not you: every device signed out",
} as const;

export type EventType = keyof typeof EVENT_LABELS;

/** Why a sign-in failed, as the owner reads it (never what was typed). */
export const FAILURE_REASONS = {
  wrong_password: "wrong password",
  wrong_code: "wrong code",
  reused_code: "a code that was already used",
  rate_limited: "too many attempts, refused",
} as const;

export type FailureReason = keyof typeof FAILURE_REASONS;

/** Events older than this are pruned. */
export const RETENTION_DAYS = 90;
