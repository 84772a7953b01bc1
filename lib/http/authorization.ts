/** Exactly `Bearer <credential>`: one space, nothing around it; the scheme is case-insensitive (RFC 9110). */
const BEARER = /^bearer ([^\s]+)$/i;

/**
 * The one parser of `Authorization` in the app (session tokens for Better Auth, access JWTs for
 * the REST API), so no two places ever disagree on what a header carries.
 */
export function bearerCredential(header: string | null | undefined): string | undefined {
  return BEARER.exec(header ?? "")?.[1];
}
