/** NIST SP 800-63B length bounds; shared by Better Auth's config and the form schemas. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** How long a sign-up verification link works. */
export const VERIFICATION_VALID_HOURS = 24;

/** How long a password-reset link works (it also works only once). */
export const RESET_LINK_VALID_SECONDS = 60 * 60;
