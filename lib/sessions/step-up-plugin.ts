import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { sql } from "kysely";
import { onPaths, sessionFromRow, succeeded } from "@/lib/auth/hook-context";
import { db } from "@/lib/db";

/**
 * Server code that asks for a step-up names the session it means (its actor's). Over HTTP the
 * header can only narrow which session may be confirmed, never widen it.
 */
export const STEP_UP_SESSION_HEADER = "x-step-up-session";

/** Endpoints that check a factor on the session that calls them: a password, or a code. */
const CODE_PROOFS = ["/two-factor/verify-totp", "/two-factor/verify-backup-code"];
const PASSKEY_PROOF = "/passkey/verify-authentication";

/** Where the before-hook noted the session a proof is made from (none: a sign-in), for the after-hooks. */
type ProvingContext = { context: { stepUpFrom?: { sessionId: string; userId: string } } };

function mismatch(ctx: { headers?: Headers }, verified: string) {
  const expected = ctx.headers?.get(STEP_UP_SESSION_HEADER);
  if (!expected || expected === verified) return;
  throw APIError.from("FORBIDDEN", {
    code: "STEP_UP_SESSION_MISMATCH",
    message: "The factor was checked for another session; nothing was confirmed.",
  });
}

/**
 * One step-up for every factor: a correct password, authenticator code or backup code marks fresh
 * the session it was checked against, and only that one, noting which factor proved it. A passkey
 * proof signs in anew (a fresh session, as Better Auth creates it, noted as the passkey's) and ends
 * the same account's session it was made from, so the device keeps one session.
 */
export function recordStepUp() {
  return {
    id: "record-step-up",
    hooks: {
      before: [
        {
          // Read before the endpoint runs: enrolling an app replaces the session it was called on.
          matcher: onPaths(...CODE_PROOFS, PASSKEY_PROOF),
          handler: createAuthMiddleware(async (ctx) => {
            const current = await sessionFromRow(ctx);
            if (!current) return;
            (ctx as ProvingContext).context.stepUpFrom = {
              sessionId: current.session.id,
              userId: current.user.id,
            };
          }),
        },
      ],
      after: [
        {
          matcher: onPaths("/verify-password"),
          handler: createAuthMiddleware(async (ctx) => {
            const verified = ctx.context.session?.session.id;
            if (!verified || isAPIError(ctx.context.returned)) return;
            mismatch(ctx, verified);
            await markStepUp(verified, "password");
          }),
        },
        {
          matcher: onPaths(...CODE_PROOFS),
          handler: createAuthMiddleware(async (ctx) => {
            if (isAPIError(ctx.context.returned)) return;
            const from = (ctx as ProvingContext).context.stepUpFrom;
            if (from) {
              mismatch(ctx, from.sessionId);
              await markStepUp(from.sessionId, "code");
            } else if (ctx.context.newSession) {
              // A sign-in finished by a code: its session was proved by the code too.
              await markStepUp(ctx.context.newSession.session.id, "code");
            }
          }),
        },
        {
          matcher: onPaths(PASSKEY_PROOF),
          handler: createAuthMiddleware(async (ctx) => {
            const from = (ctx as ProvingContext).context.stepUpFrom;
            const created = ctx.context.newSession;
            if (!created || !succeeded(ctx)) return;
            await markStepUp(created.session.id, "passkey");
            if (!from || created.user.id !== from.userId) return;
            await endReplacedSession(from.sessionId, from.userId);
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}

/** What proved a step-up: a password alone may not weaken a second factor. */
type StepUpFactor = "password" | "code" | "passkey";

async function markStepUp(sessionId: string, factor: StepUpFactor) {
  await db()
    .updateTable("session")
    .set({ verifiedAt: sql`now()`, verifiedWith: factor })
    .where("id", "=", sessionId)
    .where("expiresAt", ">", sql<Date>`now()`)
    .execute();
}

async function endReplacedSession(sessionId: string, userId: string) {
  await db()
    .deleteFrom("session")
    .where("id", "=", sessionId)
    .where("userId", "=", userId)
    .execute();
}
