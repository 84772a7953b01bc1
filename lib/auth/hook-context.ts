import { type createAuthMiddleware, getSessionFromCtx, isAPIError } from "better-auth/api";
import { credentialHeaders } from "@/lib/sessions/bearer-plugin";

/** What a Better Auth hook receives. */
export type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

/** A hook matcher for these endpoint paths (under /api/auth). */
export const onPaths =
  (...paths: string[]) =>
  (ctx: { path?: string }) =>
    paths.includes(ctx.path ?? "");

/** In an after-hook: the endpoint did what was asked (a followed link's redirect counts). */
export function succeeded(ctx: HookContext): boolean {
  const { returned } = ctx.context;
  return !(isAPIError(returned) && returned.statusCode >= 400);
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
