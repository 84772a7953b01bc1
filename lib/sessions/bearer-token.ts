import { constantTimeEqual, makeSignature } from "better-auth/crypto";

/** Exactly `Bearer <token>`: one space, nothing around it; the scheme is case-insensitive (RFC 9110). */
const BEARER = /^bearer ([^\s]+)$/i;

export interface SignedToken {
  /** The session token itself, as stored in the session row. */
  token: string;
  /** "token.signature", as Better Auth keeps it in the session cookie. */
  signed: string;
}

/**
 * The one parser of `Authorization` for session tokens (the bearer plugin and the rotation plugin
 * must never disagree on what a header carries): a signed session token, or undefined.
 */
export async function parseBearerSessionToken(
  header: string | null | undefined,
  secret: string,
): Promise<SignedToken | undefined> {
  const value = BEARER.exec(header ?? "")?.[1];
  return value ? verifySignedToken(value, secret) : undefined;
}

/** A "token.signature" value (URL-encoded or not) whose signature holds under the secret. */
export async function verifySignedToken(
  value: string,
  secret: string,
): Promise<SignedToken | undefined> {
  const signed = safeDecode(value);
  const dot = signed.indexOf(".");
  const token = signed.slice(0, dot);
  const signature = signed.slice(dot + 1);
  if (dot <= 0 || !signature) return undefined;
  return constantTimeEqual(signature, await makeSignature(token, secret))
    ? { token, signed }
    : undefined;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
