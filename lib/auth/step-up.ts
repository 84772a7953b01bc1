import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { setSessionCookie } from "better-auth/cookies";
import { db } from "@/lib/db";
import {
  factorChangeStepUp,
  markStepUp,
  steppedUpRecently,
} from "@/lib/sessions/step-up-freshness";
import { SECOND_FACTOR_STEP_UP_REQUIRED, STEP_UP_REQUIRED } from "@/lib/sessions/step-up-required";
import { feature, type HookContext, onPaths, sessionFromRow, succeeded } from "./hook-context";

/**
 * Server code that asks for a step-up names the session it means (its actor's). Over HTTP the
 * header can only narrow which session may be confirmed, never widen it.
 */
export const STEP_UP_SESSION_HEADER = "x-step-up-session";

/**
 * Every endpoint that needs a recent step-up (lib/sessions/step-up-freshness.ts says how recent):
 * "factor" also wants one beyond the password once an authenticator app is on. The device
 * endpoints (/list-sessions, /revoke-*) ask the devices page's own functions, which check the same
 * window (lib/sessions/queries.ts).
 */
const STEP_UP_REQUIRED_ON: Record<string, "any" | "factor"> = {
  // Moving the account to another address is a takeover path for anyone holding a session.
  "/change-email": "any",
  // How the account signs in, or a factor's secrets (the QR code, new backup codes).
  "/passkey/generate-register-options": "factor",
  "/passkey/verify-registration": "factor",
  "/passkey/delete-passkey": "factor",
  "/two-factor/disable": "factor",
  "/two-factor/get-totp-uri": "factor",
  "/two-factor/generate-backup-codes": "factor",
  // A provider identity signs in on its own: tying one on or taking one off changes how you sign in.
  "/link-social": "factor",
  "/unlink-account": "factor",
};

/** The one step-up guard, for the forms and the HTTP API alike. */
const requireStepUp = createAuthMiddleware(async (ctx) => {
  const session = await sessionFromRow(ctx);
  const kind = STEP_UP_REQUIRED_ON[ctx.path ?? ""];
  if (kind === "any") {
    if (session && (await steppedUpRecently(session.session.id))) return;
    throw APIError.from("FORBIDDEN", STEP_UP_REQUIRED);
  }
  if (!session) return; // Better Auth answers 401 itself.
  const needs = await factorChangeStepUp(session.session.id);
  if (needs === "ready") return;
  throw APIError.from(
    "FORBIDDEN",
    needs === "beyond-password" ? SECOND_FACTOR_STEP_UP_REQUIRED : STEP_UP_REQUIRED,
  );
});

/** Endpoints that check a factor on the session that calls them: a password, or a code. */
const CODE_PROOFS = ["/two-factor/verify-totp", "/two-factor/verify-backup-code"];
const PASSKEY_PROOF = "/passkey/verify-authentication";

/** Where Better Auth swaps the caller's session for a new one, to refresh the user in its cookie. */
const REPLACING_PATHS = ["/two-factor/verify-totp", "/two-factor/disable"];

/** What the before-hooks noted for the after-hooks: the session a proof or a replacement came from. */
type StepUpContext = {
  context: { stepUpFrom?: { sessionId: string; userId: string }; replacedSessionId?: string };
};

const noted = (ctx: HookContext) => (ctx as unknown as StepUpContext).context;

function mismatch(ctx: { headers?: Headers }, verified: string) {
  const expected = ctx.headers?.get(STEP_UP_SESSION_HEADER);
  if (!expected || expected === verified) return;
  throw APIError.from("FORBIDDEN", {
    code: "STEP_UP_SESSION_MISMATCH",
    message: "The factor was checked for another session; nothing was confirmed.",
  });
}

/**
 * Turning the authenticator app on or off makes Better Auth delete this device's session and
 * create another. The new one takes the old id back, so the device keeps its place in the device
 * list, the request that did it (a server action re-rendering its page) still finds it, and the
 * step-up recorded next lands on it.
 */
const keepDeviceSession = {
  before: [
    {
      matcher: onPaths(...REPLACING_PATHS),
      handler: createAuthMiddleware(async (ctx) => {
        const current = await sessionFromRow(ctx);
        if (current) noted(ctx).replacedSessionId = current.session.id;
      }),
    },
  ],
  after: [
    {
      matcher: onPaths(...REPLACING_PATHS),
      handler: createAuthMiddleware(async (ctx) => {
        const oldId = noted(ctx).replacedSessionId;
        const created = ctx.context.newSession;
        if (!oldId || !created || !succeeded(ctx) || created.session.id === oldId) return;
        const gone = await db()
          .selectFrom("session")
          .select("id")
          .where("id", "=", oldId)
          .executeTakeFirst();
        if (gone) return; // Not a replacement: a sign-in's second step, say.
        await db()
          .updateTable("session")
          .set({ id: oldId })
          .where("id", "=", created.session.id)
          .where("userId", "=", created.user.id)
          .execute();
        await setSessionCookie(ctx, { ...created, session: { ...created.session, id: oldId } });
      }),
    },
  ],
};

/**
 * One step-up for every factor: a correct password, authenticator code or backup code marks fresh
 * the session it was checked against, and only that one, noting which factor proved it. A passkey
 * proof signs in anew (a fresh session, as Better Auth creates it, noted as the passkey's) and ends
 * the same account's session it was made from, so the device keeps one session.
 */
const recordStepUp = {
  before: [
    {
      // Read before the endpoint runs: enrolling an app replaces the session it was called on.
      matcher: onPaths(...CODE_PROOFS, PASSKEY_PROOF),
      handler: createAuthMiddleware(async (ctx) => {
        const current = await sessionFromRow(ctx);
        if (!current) return;
        noted(ctx).stepUpFrom = { sessionId: current.session.id, userId: current.user.id };
      }),
    },
    { matcher: onPaths(...Object.keys(STEP_UP_REQUIRED_ON)), handler: requireStepUp },
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
        const from = noted(ctx).stepUpFrom;
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
        const from = noted(ctx).stepUpFrom;
        const created = ctx.context.newSession;
        if (!created || !succeeded(ctx)) return;
        await markStepUp(created.session.id, "passkey");
        if (!from || created.user.id !== from.userId) return;
        await endReplacedSession(from.sessionId, from.userId);
      }),
    },
  ],
};

/** Where a step-up is required (STEP_UP_REQUIRED_ON) and where it is recorded (recordStepUp). */
export function stepUp() {
  return feature("step-up", keepDeviceSession, recordStepUp);
}

/** A proof that created a new session for the same user ends the session it was made from. */
export async function endReplacedSession(sessionId: string, userId: string) {
  await db()
    .deleteFrom("session")
    .where("id", "=", sessionId)
    .where("userId", "=", userId)
    .execute();
}
