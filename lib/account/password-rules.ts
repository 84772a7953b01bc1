import { isCommonPassword } from "./common-passwords";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./lengths-and-lifetimes";

/**
 * NIST SP 800-63B: any characters, spaces and Unicode included, normalized (NFKC) so the same
 * password typed on another keyboard still matches; no composition rules.
 */
export function normalizePassword(password: string): string {
  return password.normalize("NFKC");
}

/** Why a new password is refused, in words for the form, or undefined when it is fine. */
export function passwordProblem(password: string, email?: string): string | undefined {
  const normalized = normalizePassword(password);
  const length = [...normalized].length;
  if (length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters`;
  if (length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters`;
  if (isCommonPassword(normalized.toLowerCase())) {
    return "This is one of the most common passwords, which attackers try first. Choose another.";
  }
  if (email && normalized.toLowerCase() === email.trim().toLowerCase()) {
    return "Your password cannot be your email address";
  }
  return undefined;
}
