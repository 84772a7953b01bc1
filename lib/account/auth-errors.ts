import { isAPIError } from "better-auth/api";

/**
 * Better Auth's error code, or undefined when the error is not one of its API errors. Not
 * `instanceof`: in a build, the auth instance may come from another bundle's copy of the class.
 */
export function authErrorCode(error: unknown): string | undefined {
  if (!isAPIError(error)) return undefined;
  const code = (error.body as { code?: unknown } | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}

const messages: Record<string, string> = {
  INVALID_EMAIL_OR_PASSWORD: "Wrong email or password.",
  EMAIL_NOT_VERIFIED: "Verify your email address first: we sent you a link. Didn't get it?",
  INVALID_EMAIL: "Enter a valid email address, like name@example.com.",
  PASSWORD_TOO_SHORT: "That password is too short.",
  PASSWORD_TOO_LONG: "That password is too long.",
};

export function authErrorMessage(error: unknown): string | undefined {
  const code = authErrorCode(error);
  return code ? messages[code] : undefined;
}

/** The policy's reason when Better Auth refused a new password (see lib/account/new-password-check.ts). */
export function passwordRejection(error: unknown): string | undefined {
  return authErrorCode(error) === "PASSWORD_REJECTED" ? (error as Error).message : undefined;
}
