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
