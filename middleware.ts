import { type NextRequest, NextResponse } from "next/server";
import { sessionTokenCookieName } from "@/lib/auth/cookies";
import { handOverIdentity } from "@/lib/edge/identity";
import { limitsFor } from "@/lib/edge/ip-limits";
import { renewAccessToken } from "@/lib/edge/renew";
import { isGuestOnlyPath, isProtectedPath, renewsAccess } from "@/lib/edge/routes";
import { contentSecurityPolicy, createNonce, securityHeaders } from "@/lib/edge/security-headers";
import { ApiError, errorResponse } from "@/lib/http/errors";
import { checkLimits, rateLimitHeaders, tooManyAttemptsMessage } from "@/lib/rate-limit";

/**
 * Edge, before any work: per-IP rate limits by route, then who is asking from the access JWT alone,
 * handed to Node signed (the DB is reached only to renew an expired access JWT, through Better Auth).
 */
export async function middleware(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (await isOversizedFormPost(request)) return formTooLarge();
  const forwarded = new Headers(request.headers);
  let signedIn = await handOverIdentity(request.headers.get("cookie") ?? "", forwarded);
  const isPage = !pathname.startsWith("/api/");
  const nonce = isPage ? createNonce() : null;
  const extraHeaders: Record<string, string> = securityHeaders(nonce);
  // Next.js reads the nonce from the request's policy and puts it on the scripts it renders.
  forwarded.set("content-security-policy", contentSecurityPolicy(nonce));

  // A limited request its proxy did not name the client of is refused (lib/net/client-ip.ts).
  let limits: ReturnType<typeof limitsFor>;
  try {
    limits = limitsFor(request);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const response = errorResponse(error);
    for (const [name, value] of Object.entries(securityHeaders(null)))
      response.headers.set(name, value);
    return response;
  }
  const verdict = limits && (await checkLimits(limits.checks));
  if (verdict) {
    Object.assign(extraHeaders, rateLimitHeaders(verdict));
    if (!verdict.allowed) {
      const message = tooManyAttemptsMessage(verdict.retryAfter);
      return errorResponse(new ApiError(429, "rate_limited", message, undefined, extraHeaders));
    }
  }

  let setCookies: string[] = [];
  const hasSessionCookie = request.cookies.has(sessionTokenCookieName());
  if (!signedIn && hasSessionCookie && renewsAccess(pathname)) {
    const renewal = await renewAccessToken(request);
    if (renewal.tooMany && !isPage) {
      const { message, headers } = renewal.tooMany;
      const all = { ...extraHeaders, ...headers };
      return errorResponse(new ApiError(429, "rate_limited", message, undefined, all));
    }
    setCookies = renewal.setCookies;
    // Node sees the renewed cookies, as if the browser had sent them, and who they belong to.
    forwarded.set("cookie", renewal.cookieHeader);
    const renewed = await handOverIdentity(renewal.cookieHeader, forwarded);
    // An early renewal that failed (limited, or the database down) leaves the JWT its last seconds.
    const stillValid = !renewed && (await handOverIdentity(renewal.cookieHeader, forwarded, 0));
    // During an outage the page says the database is unreachable, rather than "sign in".
    signedIn = renewed || stillValid || renewal.unavailable;
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

async function isOversizedFormPost(request: NextRequest): Promise<boolean> {
  if (request.method !== "POST" || request.nextUrl.pathname.startsWith("/api/")) return false;
  const declared = request.headers.get("content-length");
  if (declared !== null) return Number(declared) > ACTION_BODY_LIMIT_BYTES;
  // A chunked body declares no length: count it (a copy; the action reads its own).
  return bodyLongerThan(request.clone().body, ACTION_BODY_LIMIT_BYTES);
}

async function bodyLongerThan(body: ReadableStream<Uint8Array> | null, limit: number) {
  const reader = body?.getReader();
  if (!reader) return false;
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return false;
    length += value.byteLength;
    if (length > limit) {
      // Not awaited: cancelling one copy of a teed body settles only once the other is cancelled too.
      reader.cancel().catch(() => {});
      return true;
    }
  }
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
