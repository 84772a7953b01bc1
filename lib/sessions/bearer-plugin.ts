import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { parseCookies, parseSetCookieHeader, setRequestCookie } from "better-auth/cookies";
import { parseBearerSessionToken, type SignedToken, verifySignedToken } from "./bearer-token";

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

/**
 * The bearer session token of a request that came through the HTTP handler. Server code (actions,
 * pages) forwards a browser's headers, and a browser form never authenticates with a header.
 */
export async function requestBearerToken(ctx: HookContext): Promise<SignedToken | undefined> {
  if (!ctx.request) return undefined;
  return parseBearerSessionToken(ctx.request.headers.get("authorization"), ctx.context.secret);
}

/** The session token the client sent, before any hook rewrote the request: its bearer token, else its cookie. */
export async function sentSessionToken(ctx: HookContext): Promise<SignedToken | undefined> {
  const bearer = await requestBearerToken(ctx);
  if (bearer) return bearer;
  const cookie = (ctx.request?.headers ?? ctx.headers)?.get("cookie") ?? "";
  const value = parseCookies(cookie).get(ctx.context.authCookies.sessionToken.name);
  return value ? verifySignedToken(value, ctx.context.secret) : undefined;
}

/**
 * The request as Better Auth should read it: a bearer session token becomes the session cookie,
 * and the access cookie (cookie cache) reaches only get-session, so every other endpoint reads
 * the session row (a signed-out or revoked session cannot act on a cached copy). Hooks each see
 * the request as sent, so a later hook that rewrites the Cookie header must start from this.
 */
export async function credentialHeaders(ctx: HookContext): Promise<Headers> {
  const headers = new Headers(ctx.headers);
  const bearer = await requestBearerToken(ctx);
  if (bearer) setRequestCookie(headers, ctx.context.authCookies.sessionToken.name, bearer.signed);
  if (bearer || ctx.path !== "/get-session")
    dropCookie(headers, ctx.context.authCookies.sessionData.name);
  return headers;
}

/**
 * The session a before-hook must judge: the request as endpoints will read it (a bearer token
 * as the session cookie, the row rather than the access cookie). Hooks see the request as sent,
 * so `getSessionFromCtx(ctx)` alone would miss every bearer client.
 */
export async function requestSession(ctx: HookContext) {
  return getSessionFromCtx({ ...ctx, headers: await credentialHeaders(ctx) });
}

/** Removes a cookie (and its chunks, `name.0`, `name.1`...) from a request's Cookie header. */
function dropCookie(headers: Headers, name: string) {
  const cookies = parseCookies(headers.get("cookie") ?? "");
  const kept = [...cookies].filter(([key]) => key !== name && !key.startsWith(`${name}.`));
  if (kept.length === cookies.size) return;
  if (kept.length === 0) headers.delete("cookie");
  else
    headers.set(
      "cookie",
      kept.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join("; "),
    );
}

/** Before every endpoint: the credentials Better Auth reads (see credentialHeaders). */
export function bearerSessions() {
  return {
    id: "bearer-sessions",
    hooks: {
      before: [
        {
          matcher: () => true,
          handler: createAuthMiddleware(async (ctx) => {
            const headers = await credentialHeaders(ctx);
            if (headers.get("cookie") === (ctx.headers?.get("cookie") ?? null)) return;
            return { context: { headers } };
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}

/**
 * A bearer client learns its current session token from `set-auth-token`, whenever the response
 * sets a new session cookie (sign-in, rotation). Only a client that authenticated with a bearer
 * token, or signed in without any cookie, gets it: page script can read response headers, never
 * HttpOnly cookies. Listed after every plugin that sets the session cookie.
 */
export function sessionTokenHeader() {
  return {
    id: "session-token-header",
    hooks: {
      after: [
        {
          matcher: () => true,
          handler: createAuthMiddleware(async (ctx) => {
            const token = sessionCookieBeingSet(ctx);
            if (!token || !(await isBearerClient(ctx))) return;
            ctx.setHeader("set-auth-token", encodeURIComponent(token));
            ctx.setHeader("Access-Control-Expose-Headers", "set-auth-token");
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}

/** The signed session token this response gives the client (the last Set-Cookie for it wins). */
function sessionCookieBeingSet(ctx: HookContext): string | undefined {
  const setCookie = ctx.context.responseHeaders?.get("set-cookie");
  if (!setCookie) return undefined;
  const cookie = parseSetCookieHeader(setCookie).get(ctx.context.authCookies.sessionToken.name);
  return cookie?.value && cookie["max-age"] !== 0 ? cookie.value : undefined;
}

async function isBearerClient(ctx: HookContext): Promise<boolean> {
  if (!ctx.request) return false;
  if (await requestBearerToken(ctx)) return true;
  return !ctx.request.headers.has("cookie") && Boolean(ctx.context.newSession);
}
