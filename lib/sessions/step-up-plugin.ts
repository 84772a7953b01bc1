import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { sql } from "kysely";
import { db } from "@/lib/db";

/**
 * Server code that asks for a step-up names the session it means (its actor's). Over HTTP the
 * header can only narrow which session may be confirmed, never widen it.
 */
export const STEP_UP_SESSION_HEADER = "x-step-up-session";

/**
 * A password proof (step-up) is recorded by the code that checked it, on the session it was
 * checked against: the devices page and the HTTP API record it the same way, and no request can
 * prove one session's password and mark another session fresh.
 */
export function recordStepUp() {
  return {
    id: "record-step-up",
    hooks: {
      after: [
        {
          matcher: (ctx: { path?: string }) => ctx.path === "/verify-password",
          handler: createAuthMiddleware(async (ctx) => {
            const verified = ctx.context.session?.session.id;
            if (!verified || isAPIError(ctx.context.returned)) return;
            const expected = ctx.headers?.get(STEP_UP_SESSION_HEADER);
            if (expected && expected !== verified) {
              throw APIError.from("FORBIDDEN", {
                code: "STEP_UP_SESSION_MISMATCH",
                message: "The password was checked for another session; nothing was confirmed.",
              });
            }
            await markPasswordConfirmed(verified);
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}

async function markPasswordConfirmed(sessionId: string) {
  await db()
    .updateTable("session")
    .set({ verifiedAt: sql`now()` })
    .where("id", "=", sessionId)
    .where("expiresAt", ">", sql<Date>`now()`)
    .execute();
}
