/**
 * Better Auth's error code, or undefined when the error is not one of its API errors. By name, as
 * better-call's own `isAPIError` also accepts (every APIError, Better Auth's subclass included, is
 * named "APIError"): importing `better-auth/api` for this put Better Auth on every page with a form.
 */
export function authErrorCode(error: unknown): string | undefined {
  const candidate = error as { name?: unknown; body?: { code?: unknown } } | null | undefined;
  if (candidate?.name !== "APIError") return undefined;
  const code = candidate.body?.code;
  return typeof code === "string" ? code : undefined;
}
