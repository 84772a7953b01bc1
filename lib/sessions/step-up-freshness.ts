import "server-only";
import { sql } from "kysely";
import { db } from "@/lib/db";

/** Seeing or signing out devices, changing the email or a factor needs a factor proven this recently. */
export const STEP_UP_WINDOW_SECONDS = 15 * 60;

/** The one spelling of the rule in SQL: `table`'s session proved a factor within the window. */
export function steppedUpWithinWindow(table?: string) {
  const verifiedAt = sql.ref(table ? `${table}.verifiedAt` : "verifiedAt");
  return sql<boolean>`${verifiedAt} > now() - make_interval(secs => ${STEP_UP_WINDOW_SECONDS})`;
}

/** Whether this live session proved a factor (password, code or passkey) within the step-up window. */
export async function steppedUpRecently(sessionId: string): Promise<boolean> {
  const row = await db()
    .selectFrom("session")
    .select(steppedUpWithinWindow().as("fresh"))
    .where("id", "=", sessionId)
    .where("expiresAt", ">", sql<Date>`now()`)
    .executeTakeFirst();
  return Boolean(row?.fresh);
}

/**
 * What this live session still needs before it may change how its account signs in: a step-up
 * within the window and, once an authenticator app is on, one made with a code or a passkey, so a
 * stolen session plus the password cannot undo, read or replace the second factor.
 */
export async function factorChangeStepUp(
  sessionId: string,
): Promise<"ready" | "any-factor" | "beyond-password"> {
  const row = await db()
    .selectFrom("session")
    .innerJoin("user", "user.id", "session.userId")
    .select([
      steppedUpWithinWindow("session").as("fresh"),
      sql<boolean>`session."verifiedWith" in ('code', 'passkey')`.as("beyondPassword"),
      "user.twoFactorEnabled",
    ])
    .where("session.id", "=", sessionId)
    .where("session.expiresAt", ">", sql<Date>`now()`)
    .executeTakeFirst();
  if (row?.twoFactorEnabled) return row.fresh && row.beyondPassword ? "ready" : "beyond-password";
  return row?.fresh ? "ready" : "any-factor";
}

/**
 * What proved a step-up: a password alone may not weaken a second factor. "provider": a fresh
 * sign-in at a connected provider (Google, GitHub, OIDC), which counts as a password does.
 */
type StepUpFactor = "password" | "code" | "passkey" | "provider";

export async function markStepUp(sessionId: string, factor: StepUpFactor) {
  await db()
    .updateTable("session")
    .set({ verifiedAt: sql`now()`, verifiedWith: factor })
    .where("id", "=", sessionId)
    .where("expiresAt", ">", sql<Date>`now()`)
    .execute();
}
