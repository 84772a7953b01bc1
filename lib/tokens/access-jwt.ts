import { errors, type JWTVerifyGetKey, jwtVerify } from "jose";
import { env } from "@/lib/env";
import { bearerCredential } from "@/lib/http/authorization";

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
 * Verifies an access JWT from Better Auth's jwt plugin (EdDSA) with keys held in memory: no
 * database call. Expired, tampered, wrong-issuer or wrong-audience tokens throw.
 */
export async function verifyAccessJwt(token: string, keys: JWTVerifyGetKey): Promise<AccessClaims> {
  const { origin } = new URL(env().BETTER_AUTH_URL);
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
    return { userId: payload.sub, sessionId: payload.sid };
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
