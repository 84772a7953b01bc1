import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";

/** Where Better Auth reads a redirect target, in the query or the JSON body. */
const REDIRECT_FIELDS = ["callbackURL", "redirectTo", "newUserCallbackURL", "errorCallbackURL"];

/**
 * Better Auth builds URLs from these with encodeURIComponent and new URL, which throw (a 500) on a
 * lone surrogate or on text that is neither root-relative nor absolute. Refused here as a 400.
 */
export function isBuildableRedirect(value: unknown): boolean {
  if (typeof value !== "string") return true;
  if (!value.isWellFormed()) return false;
  return value.startsWith("/") || URL.canParse(value);
}

function fieldsOf(source: unknown): Record<string, unknown> {
  return source && typeof source === "object" ? (source as Record<string, unknown>) : {};
}

export function refuseUnbuildableRedirects() {
  return {
    id: "refuse-unbuildable-redirects",
    hooks: {
      before: [
        {
          matcher: () => true,
          handler: createAuthMiddleware(async (ctx) => {
            const sources = [fieldsOf(ctx.query), fieldsOf(ctx.body)];
            const bad = REDIRECT_FIELDS.find((field) =>
              sources.some((source) => !isBuildableRedirect(source[field])),
            );
            if (bad) {
              throw APIError.from("BAD_REQUEST", {
                code: "INVALID_REDIRECT",
                message: `${bad} must be a path on this site or an absolute URL`,
              });
            }
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}
