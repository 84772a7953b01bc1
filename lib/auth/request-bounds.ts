import { APIError, createAuthMiddleware } from "better-auth/api";
import { type Bound, EVERY_ENDPOINT, FIELD_BOUNDS } from "@/lib/account/field-bounds";
import { feature } from "./hook-context";

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

/** The first field of `source` its bound refuses, with the reason. */
function firstRefusal(source: unknown, bounds: Record<string, Bound> = {}) {
  const fields = fieldsOf(source);
  for (const [field, { rule, code }] of Object.entries(bounds)) {
    const checked = rule.safeParse(fields[field]);
    if (!checked.success) {
      const message = checked.error.issues[0]?.message ?? "Invalid value";
      return { code, message: `${field}: ${message}` };
    }
  }
  return undefined;
}

/** No endpoint ever builds a URL from a redirect target it cannot parse. */
const refuseUnbuildableRedirects = createAuthMiddleware(async (ctx) => {
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
});

/**
 * The bounds of lib/account/field-bounds.ts on every endpoint, before it runs: whatever the body
 * encoding, a field past its bound is refused with 400 and nothing is stored.
 */
const enforceFieldBounds = createAuthMiddleware(async (ctx) => {
  const bounds = FIELD_BOUNDS[ctx.path ?? ""] ?? {};
  const refusal =
    firstRefusal(ctx.query, EVERY_ENDPOINT) ??
    firstRefusal(ctx.body, EVERY_ENDPOINT) ??
    firstRefusal(ctx.query, bounds.query) ??
    firstRefusal(ctx.body, bounds.body);
  if (refusal) throw APIError.from("BAD_REQUEST", refusal);
});

/** What a request may carry at all: redirect targets Better Auth can build, fields within bounds. */
export function requestBounds() {
  return feature("request-bounds", {
    before: [
      { matcher: () => true, handler: refuseUnbuildableRedirects },
      { matcher: () => true, handler: enforceFieldBounds },
    ],
  });
}
