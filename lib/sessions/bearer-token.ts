import { constantTimeEqual, makeSignature } from "better-auth/crypto";
import { bearerCredential } from "@/lib/http/authorization";

export interface SignedToken {
  /** The session token itself, as stored in the session row. */
  token: string;
  /** "token.signature", as Better Auth keeps it in the session cookie. */
  signed: string;
}

/**
 * A signed session token from `Authorization` (lib/http/authorization.ts parses it), or undefined.
 */
export async function parseBearerSessionToken(
  header: string | null | undefined,
  secret: string,
): Promise<SignedToken | undefined> {
  const value = bearerCredential(header);
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
