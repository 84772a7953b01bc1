import { getCookieCache } from "better-auth/cookies";
import { cookiesAreSecure } from "@/lib/auth/cookies";
import { env } from "@/lib/env";
import { processSingleton } from "@/lib/process-state";

type AccessCookie = NonNullable<Awaited<ReturnType<typeof getCookieCache>>>;

/**
 * A device sends the same cookies with every request for the access JWT's life (≤ 5 minutes), and
 * decrypting it costs eight WebCrypto calls: the verified result is kept per Cookie header, until
 * the JWT (or the session inside it) expires. Only successes are kept; a miss decrypts as before.
 */
const MAX_ENTRIES = 1000;
const MAX_KEY_LENGTH = 8192;

interface Verified {
  claims: AccessCookie;
  validUntil: number;
  secret: string | undefined;
  isSecure: boolean;
}

const verified = processSingleton("verified-access-tokens", () => new Map<string, Verified>());

/** Until the earlier of the JWT's exp and the session's own expiry; undefined when either is missing. */
export function validUntilOf(claims: AccessCookie): number | undefined {
  const exp = (claims as { exp?: unknown }).exp;
  const sessionEnds = new Date(claims.session.expiresAt).getTime();
  if (typeof exp !== "number" || !Number.isFinite(sessionEnds)) return undefined;
  return Math.min(exp * 1000, sessionEnds);
}

/**
 * Decrypts and checks the access JWT (JWE) cookie with no DB call; anything missing, expired,
 * malformed or forged is null. The result is shared between requests: read it, never change it.
 */
export async function readAccessToken(request: Request): Promise<AccessCookie | null> {
  const cookie = request.headers.get("cookie");
  if (!cookie) return null;
  const secret = env().BETTER_AUTH_SECRET;
  const isSecure = cookiesAreSecure();
  const known = verified.get(cookie);
  if (
    known &&
    known.secret === secret &&
    known.isSecure === isSecure &&
    known.validUntil > Date.now()
  )
    return known.claims;
  if (known) verified.delete(cookie);
  let claims: AccessCookie | null;
  try {
    claims = await getCookieCache(request, { secret, strategy: "jwe", isSecure });
  } catch {
    return null;
  }
  const validUntil = claims ? validUntilOf(claims) : undefined;
  if (claims && validUntil !== undefined && cookie.length <= MAX_KEY_LENGTH) {
    // The oldest entry goes first (a Map keeps insertion order).
    if (verified.size >= MAX_ENTRIES) verified.delete(verified.keys().next().value ?? "");
    verified.set(cookie, { claims, validUntil, secret, isSecure });
  }
  return claims;
}
