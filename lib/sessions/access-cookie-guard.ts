import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware } from "better-auth/api";
import { expireCookie, parseSetCookieHeader } from "better-auth/cookies";
import { sentSessionToken } from "./bearer-plugin";

/**
 * Only get-session renews the access cookie, and it rotates whenever it reads the row. Any other
 * endpoint that would hand out a fresh access cookie for the token the client sent (update-user,
 * or any endpoint that reads the session) expires it instead: a stolen session cookie cannot be
 * renewed there without rotating. A new token (sign-in, rotation) keeps its access cookie.
 */
export function accessCookieOnlyWithNewToken() {
  return {
    id: "access-cookie-only-with-new-token",
    hooks: {
      after: [
        {
          matcher: (ctx: { path?: string }) => ctx.path !== "/get-session",
          handler: createAuthMiddleware(async (ctx) => {
            const setCookie = ctx.context.responseHeaders?.get("set-cookie");
            if (!setCookie) return;
            const { sessionToken, sessionData } = ctx.context.authCookies;
            const cookies = parseSetCookieHeader(setCookie);
            const access = [...cookies].find(
              ([name, cookie]) =>
                (name === sessionData.name || name.startsWith(`${sessionData.name}.`)) &&
                cookie.value &&
                cookie["max-age"] !== 0,
            );
            if (!access) return;
            const given = cookies.get(sessionToken.name);
            const givenToken = given?.["max-age"] === 0 ? "" : given?.value.split(".")[0];
            const sent = (await sentSessionToken(ctx))?.token;
            if (!givenToken || givenToken === sent) expireCookie(ctx, sessionData);
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}
