import { type createAuthMiddleware, isAPIError } from "better-auth/api";

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
