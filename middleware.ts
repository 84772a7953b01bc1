import { type NextRequest, NextResponse } from "next/server";
import { sessionTokenCookieName } from "@/lib/auth/cookies";
import { env } from "@/lib/env";
import { ApiError, errorResponse } from "@/lib/http/errors";
import { readAccessToken } from "@/lib/middleware/access-token";
import { renewAccessToken } from "@/lib/middleware/renew";
import { isGuestOnlyPath, isProtectedPath } from "@/lib/middleware/routes";
import {
  contentSecurityPolicy,
  createNonce,
  securityHeaders,
} from "@/lib/middleware/security-headers";
import { encodeVerifiedSession, VERIFIED_SESSION_HEADER } from "@/lib/middleware/verified-session";
import { checkLimits, rateLimitHeaders, tooManyAttemptsMessage } from "@/lib/rate-limit";
import { limitsFor } from "@/lib/rate-limit/classify";

/**
 * Edge, before any work: per-IP rate limits by route, then signed-in-or-not from the access JWT alone (the DB is
 * reached only to renew an expired access JWT, through Better Auth).
 */
export async function middleware(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (isOversizedFormPost(request)) return formTooLarge();
  const claims = await readAccessToken(request);
  const forwarded = new Headers(request.headers);
  forwarded.delete(VERIFIED_SESSION_HEADER);
  if (claims) forwarded.set(VERIFIED_SESSION_HEADER, encodeVerifiedSession(claims));
  const isPage = !pathname.startsWith("/api/");
  const nonce = isPage ? createNonce() : null;
  const extraHeaders: Record<string, string> = securityHeaders(nonce);
  // Next.js reads the nonce from the request's policy and puts it on the scripts it renders.
  forwarded.set("content-security-policy", contentSecurityPolicy(nonce));

  // A limited request its proxy did not name the client of is refused (lib/middleware/client-ip.ts).
  let limits: ReturnType<typeof limitsFor>;
  try {
    limits = limitsFor(request);
  } catch (error) {
    if (error instanceof ApiError) return errorResponse(error);
    throw error;
  }
  const verdict = limits && (await checkLimits(limits.checks));
  if (verdict) {
    Object.assign(extraHeaders, rateLimitHeaders(verdict));
    if (!verdict.allowed) {
      const message = tooManyAttemptsMessage(verdict.retryAfter);
      return errorResponse(new ApiError(429, "rate_limited", message, undefined, extraHeaders));
    }
  }

  let signedIn = claims !== null;
  let setCookies: string[] = [];
  const hasSessionCookie = request.cookies.has(sessionTokenCookieName());
  if (!signedIn && hasSessionCookie && env().SESSION_CHECK === "database") {
    // The benchmark's baseline (Better Auth's default): the cookie's presence lets the page check.
    signedIn = true;
  } else if (!signedIn && isPage && hasSessionCookie) {
    const renewal = await renewAccessToken(request);
    // During an outage the page says the database is unreachable, rather than "sign in".
    signedIn = renewal.signedIn || renewal.unavailable;
    setCookies = renewal.setCookies;
    // The page renders with the renewed cookies, as if the browser had sent them.
    forwarded.set("cookie", renewal.cookieHeader);
  }

  let response: NextResponse;
  if (!signedIn && isProtectedPath(pathname) && request.method === "GET") {
    const signIn = new URL("/sign-in", request.url);
    signIn.searchParams.set("next", pathname + search);
    response = NextResponse.redirect(signIn);
  } else if (signedIn && isGuestOnlyPath(pathname) && request.method === "GET") {
    response = NextResponse.redirect(new URL("/todos", request.url));
  } else {
    response = NextResponse.next({ request: { headers: forwarded } });
  }
  for (const line of setCookies) response.headers.append("set-cookie", line);
  for (const [name, value] of Object.entries(extraHeaders)) response.headers.set(name, value);
  return response;
}

/** Next.js refuses server-action bodies over 1 MB with a bare 500; say what happened instead. */
const ACTION_BODY_LIMIT_BYTES = 1024 * 1024;

function isOversizedFormPost(request: NextRequest): boolean {
  const length = Number(request.headers.get("content-length") ?? 0);
  return (
    request.method === "POST" &&
    !request.nextUrl.pathname.startsWith("/api/") &&
    length > ACTION_BODY_LIMIT_BYTES
  );
}

function formTooLarge(): NextResponse {
  return new NextResponse("This form is too large to send (over 1 MB). Go back and shorten it.", {
    status: 413,
    headers: { "content-type": "text/plain; charset=utf-8", ...securityHeaders(null) },
  });
}

export const config = {
  // Everything but build assets: server actions can be posted to any path.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
