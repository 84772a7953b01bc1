import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { type Bound, EVERY_ENDPOINT, FIELD_BOUNDS } from "./field-bounds";

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

/**
 * The bounds of lib/account/field-bounds.ts on every endpoint, before it runs: whatever the body
 * encoding, a field past its bound is refused with 400 and nothing is stored.
 */
export function enforceFieldBounds() {
  return {
    id: "field-bounds",
    hooks: {
      before: [
        {
          matcher: () => true,
          handler: createAuthMiddleware(async (ctx) => {
            const bounds = FIELD_BOUNDS[ctx.path ?? ""] ?? {};
            const refusal =
              firstRefusal(ctx.query, EVERY_ENDPOINT) ??
              firstRefusal(ctx.body, EVERY_ENDPOINT) ??
              firstRefusal(ctx.query, bounds.query) ??
              firstRefusal(ctx.body, bounds.body);
            if (refusal) throw APIError.from("BAD_REQUEST", refusal);
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}
