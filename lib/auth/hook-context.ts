import type { BetterAuthPlugin } from "better-auth";
import { type createAuthMiddleware, getSessionFromCtx, isAPIError } from "better-auth/api";
import { parseCookies, parseSetCookieHeader, setRequestCookie } from "better-auth/cookies";
import {
  parseBearerSessionToken,
  type SignedToken,
  verifySignedToken,
} from "@/lib/sessions/bearer-token";

/** What a Better Auth hook receives. */
export type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

type Hooks = NonNullable<BetterAuthPlugin["hooks"]>;

/** One feature as one plugin: its parts' hooks run in the order the parts are listed. */
export function feature(id: string, ...parts: Hooks[]) {
  return {
    id,
    hooks: {
      before: parts.flatMap((part) => part.before ?? []),
      after: parts.flatMap((part) => part.after ?? []),
    },
  } satisfies BetterAuthPlugin;
}

/** A hook matcher for these endpoint paths (under /api/auth). */
export const onPaths =
  (...paths: string[]) =>
  (ctx: { path?: string }) =>
    paths.includes(ctx.path ?? "");

/** In an after-hook: where the endpoint's answer redirects the browser, if it does. */
export function returnedLocation(ctx: HookContext): string | null {
  const { returned } = ctx.context;
  return isAPIError(returned) ? new Headers(returned.headers).get("location") : null;
}

/** In an after-hook: the endpoint did what was asked (a followed link's redirect counts). */
export function succeeded(ctx: HookContext): boolean {
  const { returned } = ctx.context;
  return !(isAPIError(returned) && returned.statusCode >= 400);
}

/**
 * Worked out once per request: every hook gets the same request and headers objects (better-auth
 * dispatch). Server code may pass one Headers object to several calls, so the value is kept only
 * while what it was worked out from (the path, the credentials sent) stays the same.
 */
function once<V>(
  cache: WeakMap<object, { from: string; value: V }>,
  ctx: HookContext,
  make: () => V,
): V {
  const key = ctx.headers ?? ctx.request;
  const from = [ctx.request?.headers, ctx.headers]
    .flatMap((headers) => [headers?.get("cookie"), headers?.get("authorization")])
    .concat(ctx.path)
    .join("\n");
  if (!key) return make();
  const cached = cache.get(key);
  if (cached?.from === from) return cached.value;
  const value = make();
  cache.set(key, { from, value });
  return value;
}

type Cache<V> = WeakMap<object, { from: string; value: V }>;
const bearerTokens: Cache<Promise<SignedToken | undefined>> = new WeakMap();
const sentTokens: Cache<Promise<SignedToken | undefined>> = new WeakMap();
const credentials: Cache<Promise<Headers>> = new WeakMap();

/**
 * The bearer session token of a request that came through the HTTP handler. Server code (actions,
 * pages) forwards a browser's headers, and a browser form never authenticates with a header.
 */
export function requestBearerToken(ctx: HookContext): Promise<SignedToken | undefined> {
  const request = ctx.request;
  if (!request) return Promise.resolve(undefined);
  return once(bearerTokens, ctx, () =>
    parseBearerSessionToken(request.headers.get("authorization"), ctx.context.secret),
  );
}

/** The session token the client sent, before any hook rewrote the request: its bearer token, else its cookie. */
export function sentSessionToken(ctx: HookContext): Promise<SignedToken | undefined> {
  return once(sentTokens, ctx, async () => {
    const bearer = await requestBearerToken(ctx);
    if (bearer) return bearer;
    const cookie = (ctx.request?.headers ?? ctx.headers)?.get("cookie") ?? "";
    const value = parseCookies(cookie).get(ctx.context.authCookies.sessionToken.name);
    return value ? verifySignedToken(value, ctx.context.secret) : undefined;
  });
}

/**
 * The request as Better Auth should read it: a bearer session token becomes the session cookie,
 * and the access cookie (cookie cache) reaches only get-session, so every other endpoint reads
 * the session row (a signed-out or revoked session cannot act on a cached copy). Hooks each see
 * the request as sent, so a later hook that rewrites the Cookie header must start from this.
 * Each caller gets its own copy to change.
 */
export async function credentialHeaders(ctx: HookContext): Promise<Headers> {
  const computed = once(credentials, ctx, async () => {
    const headers = new Headers(ctx.headers);
    const bearer = await requestBearerToken(ctx);
    if (bearer) setRequestCookie(headers, ctx.context.authCookies.sessionToken.name, bearer.signed);
    if (bearer || ctx.path !== "/get-session")
      dropCookie(headers, ctx.context.authCookies.sessionData.name);
    return headers;
  });
  return new Headers(await computed);
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

const setCookies = new WeakMap<
  Headers,
  { raw: string; cookies: ReturnType<typeof parseSetCookieHeader> }
>();

/** The cookies the response sets so far, parsed once for every after-hook until one sets another. */
export function responseCookies(ctx: HookContext): ReturnType<typeof parseSetCookieHeader> {
  const headers = ctx.context.responseHeaders;
  const raw = headers?.get("set-cookie") ?? "";
  if (!headers || !raw) return new Map();
  const cached = setCookies.get(headers);
  if (cached?.raw === raw) return cached.cookies;
  const cookies = parseSetCookieHeader(raw);
  setCookies.set(headers, { raw, cookies });
  return cookies;
}

/**
 * The caller's session as its row says now, for a hook: a bearer token as the session cookie,
 * never the access cookie (a hook sees the request as sent, cookie cache included), and never left behind in `ctx.context.session`, where
 * the endpoint would take it for its own check (better-auth#9132). Read on the side: a missing
 * row must not clear the cookies of the response (an endpoint may just have replaced the session).
 */
export async function sessionFromRow(ctx: HookContext) {
  const context = Object.assign(Object.create(Object.getPrototypeOf(ctx.context)), ctx.context, {
    session: null,
  });
  const headers = await credentialHeaders(ctx);
  return getSessionFromCtx(
    { ...ctx, context, headers, responseHeaders: new Headers() } as HookContext,
    {
      disableCookieCache: true,
      disableRefresh: true,
    },
  );
}

/**
 * The session a before-hook must judge: the request as endpoints will read it (a bearer token
 * as the session cookie, the row rather than the access cookie). Hooks see the request as sent,
 * so `getSessionFromCtx(ctx)` alone would miss every bearer client.
 */
export async function requestSession(ctx: HookContext) {
  return getSessionFromCtx({ ...ctx, headers: await credentialHeaders(ctx) });
}
