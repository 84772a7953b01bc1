import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware } from "better-auth/api";

type SessionPair = { session: { token?: string } & Record<string, unknown>; user: unknown };

/**
 * The session token is the refresh credential and lives in an HttpOnly cookie: keep it out of
 * get-session's JSON too, so script on the page can never read it. Runs after every other hook.
 */
export function hideSessionToken() {
  return {
    id: "hide-session-token",
    hooks: {
      after: [
        {
          matcher: (ctx: { path?: string }) => ctx.path === "/get-session",
          handler: createAuthMiddleware(async (ctx) => {
            const returned = ctx.context.returned as SessionPair | null | undefined;
            if (
              !ctx.request ||
              !returned ||
              typeof returned !== "object" ||
              !("session" in returned)
            )
              return;
            const { token: _token, ...session } = returned.session;
            return ctx.json({ ...returned, session });
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}
