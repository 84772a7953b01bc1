import { errors, type JWTVerifyGetKey, jwtVerify } from "jose";
import { env } from "@/lib/env";
import { bearerCredential } from "@/lib/http/authorization";
import { processSingleton } from "@/lib/process-state";

/** What an access JWT carries: the user (sub) and the session (device) it was issued to (sid). */
export interface AccessClaims {
  userId: string;
  sessionId: string;
}

export class InvalidAccessTokenError extends Error {}

/** A JWT has three dot-separated parts; a session token (the refresh credential) does not. */
export function looksLikeJwt(token: string): boolean {
  return token.split(".").length === 3;
}

export function bearerToken(request: Request): string | undefined {
  return bearerCredential(request.headers.get("authorization"));
}

/**
 * A device sends the same access JWT with every call for its life (≤ 5 minutes), and its Ed25519
 * check was most of the API's own CPU: a token that verified is kept, per issuer and key source,
 * until its exp. Only successes are kept; anything else is verified (and refused) each time. A
 * signing key deleted from the JWKS table already verified for up to 5 minutes (lib/tokens/jwks.ts
 * reloads that often); a token it signed is still refused after its own exp, ≤ 5 minutes.
 */
const MAX_REMEMBERED = 1000;
const MAX_TOKEN_LENGTH = 4096;

interface Verified {
  claims: AccessClaims;
  expiresAt: number;
  origin: string;
  keys: JWTVerifyGetKey;
}

const verified = processSingleton("verified-bearer-tokens", () => new Map<string, Verified>());

function remember(token: string, entry: Verified): void {
  if (token.length > MAX_TOKEN_LENGTH) return;
  // The oldest entry goes first (a Map keeps insertion order).
  if (verified.size >= MAX_REMEMBERED) verified.delete(verified.keys().next().value ?? "");
  verified.set(token, entry);
}

/**
 * Verifies an access JWT from Better Auth's jwt plugin (EdDSA) with keys held in memory: no
 * database call. Expired, tampered, wrong-issuer or wrong-audience tokens throw. The claims
 * returned are shared between requests: read them, never change them.
 */
export async function verifyAccessJwt(token: string, keys: JWTVerifyGetKey): Promise<AccessClaims> {
  const { origin } = new URL(env().BETTER_AUTH_URL);
  const known = verified.get(token);
  if (known && known.origin === origin && known.keys === keys && known.expiresAt > Date.now())
    return known.claims;
  if (known) verified.delete(token);
  const entry = await verifyWithKeys(token, keys, origin);
  remember(token, entry);
  return entry.claims;
}

async function verifyWithKeys(
  token: string,
  keys: JWTVerifyGetKey,
  origin: string,
): Promise<Verified> {
  try {
    const { payload } = await jwtVerify(token, keys, {
      issuer: origin,
      audience: origin,
      algorithms: ["EdDSA"],
      requiredClaims: ["exp", "sub"],
    });
    if (typeof payload.sub !== "string" || typeof payload.sid !== "string") {
      throw new InvalidAccessTokenError("The token names no user or session");
    }
    // requiredClaims made jose check exp is there and in the future.
    const expiresAt = (payload.exp as number) * 1000;
    return { claims: { userId: payload.sub, sessionId: payload.sid }, expiresAt, origin, keys };
  } catch (error) {
    if (error instanceof InvalidAccessTokenError) throw error;
    // Not a verdict on the token (e.g. the keys could not be loaded): the caller answers 503/500.
    if (!(error instanceof errors.JOSEError)) throw error;
    const reason =
      error instanceof errors.JWTExpired
        ? "The access token has expired"
        : "The access token is invalid";
    throw new InvalidAccessTokenError(reason);
  }
}
