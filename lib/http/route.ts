import "server-only";
import { sessionTokenCookieName } from "@/lib/auth/cookies";
import { identityFrom } from "@/lib/identity/current";
import { loggable } from "@/lib/log";
import { clientIp } from "@/lib/net/client-ip";
import {
  checkLimits,
  type LimitCheck,
  peekLimit,
  rateLimitHeaders,
  tooManyAttemptsMessage,
  type Verdict,
} from "@/lib/rate-limit";
import { userChecks, userKey } from "@/lib/rate-limit/checks";
import type { Actor } from "@/lib/sessions/actor";
import { SessionRevokedError } from "@/lib/sessions/actor";
import {
  bearerToken,
  InvalidAccessTokenError,
  looksLikeJwt,
  verifyAccessJwt,
} from "@/lib/tokens/access-jwt";
import { publicKeys } from "@/lib/tokens/jwks";
import { ApiError, errorResponse, isDatabaseUnavailable } from "./errors";
import { isSameOriginRequest } from "./request";

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

const invalidToken = (message: string) =>
  new ApiError(401, "invalid_token", message, undefined, {
    "WWW-Authenticate": `Bearer error="invalid_token", error_description="${message}"`,
  });

const tooMany = (verdict: Verdict) =>
  new ApiError(
    429,
    "rate_limited",
    tooManyAttemptsMessage(verdict.retryAfter),
    undefined,
    rateLimitHeaders(verdict),
  );

/**
 * Who is calling: a non-browser device with `Authorization: Bearer <access JWT>` (verified with
 * keys in memory), or a browser as the middleware vouched for it (where cookie-authenticated writes
 * must come from this site). Either way the session is re-checked inside the SQL that touches todos.
 */
async function authenticate(request: Request): Promise<{ actor: Actor; bearer: boolean }> {
  const token = bearerToken(request);
  if (token !== undefined) {
    // The session token is a refresh credential: it only buys access JWTs at /api/auth/token.
    if (!looksLikeJwt(token)) throw invalidToken("Send an access JWT from /api/auth/token");
    try {
      return { actor: await verifyAccessJwt(token, publicKeys), bearer: true };
    } catch (error) {
      if (error instanceof InvalidAccessTokenError) throw invalidToken(error.message);
      throw error;
    }
  }
  const session = await identityFrom(request.headers);
  // The middleware renews before the route runs; a stream (the live feed) is not renewed.
  if (!session && hasSessionCookie(request)) {
    throw new ApiError(
      401,
      "access_expired",
      "The access token expired: reload the page to renew it",
    );
  }
  if (!session) throw new ApiError(401, "unauthorized", "Sign in to use the API");
  if (WRITE_METHODS.has(request.method) && !isSameOriginRequest(request)) {
    throw new ApiError(403, "forbidden_origin", "Cross-origin requests are not allowed");
  }
  return { actor: { userId: session.user.id, sessionId: session.session.id }, bearer: false };
}

function hasSessionCookie(request: Request): boolean {
  const name = `${sessionTokenCookieName()}=`;
  return (request.headers.get("cookie") ?? "")
    .split(";")
    .some((part) => part.trim().startsWith(name));
}

/**
 * The REST API's per-user rule (lib/rate-limit/operations.ts), counted here, once, where the user
 * is known whatever the client authenticated with (bearer JWT, access cookie, session cookie).
 */
async function enforceUserLimit(request: Request, actor: Actor): Promise<void> {
  const operation = request.method === "GET" ? "todoRead" : "todoWrite";
  const verdict = await checkLimits(userChecks(operation, userKey(actor.userId)));
  if (verdict && !verdict.allowed) throw tooMany(verdict);
}

/**
 * Callers nobody vouches for are counted per IP, failures only: each costs a signature check or
 * a session read, and once an address has spent its budget it is refused before that work.
 */
async function authenticateCounted(request: Request) {
  const failures: LimitCheck = { rule: "failedApiAuthPerIp", key: `ip:${clientIp(request)}` };
  const budget = await peekLimit(failures);
  if (!budget.allowed) throw tooMany(budget);
  try {
    return await authenticate(request);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) await checkLimits([failures]);
    throw error;
  }
}

/**
 * Wraps a REST handler: authenticate, the user's rate limit, then the handler; every failure
 * becomes the JSON error shape.
 */
export function apiRoute<P>(
  handler: (request: Request, actor: Actor, params: P) => Promise<Response>,
) {
  return async (request: Request, route: { params: Promise<P> }): Promise<Response> => {
    let bearer = false;
    try {
      const caller = await authenticateCounted(request);
      bearer = caller.bearer;
      await enforceUserLimit(request, caller.actor);
      return await handler(request, caller.actor, await route.params);
    } catch (error) {
      if (error instanceof ApiError) return errorResponse(error);
      if (error instanceof SessionRevokedError) {
        return errorResponse(
          bearer
            ? invalidToken("The session was signed out")
            : new ApiError(401, "session_revoked", "This device was signed out. Sign in again."),
        );
      }
      if (isDatabaseUnavailable(error)) {
        const message = "The service is temporarily unavailable. Try again shortly.";
        return errorResponse(
          new ApiError(503, "unavailable", message, undefined, { "Retry-After": "5" }),
        );
      }
      console.error(
        "Unhandled API error:",
        request.method,
        new URL(request.url).pathname,
        loggable(error),
      );
      return errorResponse(new ApiError(500, "internal", "Something went wrong on our side."));
    }
  };
}
