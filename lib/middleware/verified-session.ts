/**
 * The middleware has already decrypted and checked the access JWT; it hands the page what it
 * found in a request header it controls (any client copy is stripped), so a render or action does
 * not decrypt it again through Better Auth. Holds ids and the email, never a token.
 */
export const VERIFIED_SESSION_HEADER = "x-verified-session";

export interface SignedIn {
  user: { id: string; email: string; name: string };
  session: { id: string };
}

export function encodeVerifiedSession(claims: {
  user: { id: string; email: string; name: string };
  session: { id: string };
}): string {
  const signedIn: SignedIn = {
    user: { id: claims.user.id, email: claims.user.email, name: claims.user.name },
    session: { id: claims.session.id },
  };
  return encodeURIComponent(JSON.stringify(signedIn));
}

export function decodeVerifiedSession(value: string | null): SignedIn | null {
  if (!value) return null;
  try {
    const parsed = JSON.parse(decodeURIComponent(value)) as SignedIn;
    return typeof parsed.user?.id === "string" && typeof parsed.session?.id === "string"
      ? parsed
      : null;
  } catch {
    return null;
  }
}
