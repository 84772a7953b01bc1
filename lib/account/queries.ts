import "server-only";
import { sql } from "kysely";
import { db } from "@/lib/db";
import { type Actor, SessionRevokedError } from "@/lib/sessions/actor";
import { steppedUpWithinWindow } from "@/lib/sessions/step-up-freshness";

/**
 * The account as stored now (not as the access JWT remembers it), read only by a live session;
 * `passwordFresh`: this device proved the password recently (required to change the email).
 */
export async function loadAccount(
  actor: Actor,
): Promise<{ name: string; email: string; passwordFresh: boolean }> {
  const row = await db()
    .selectFrom("user")
    .innerJoin("session", "session.userId", "user.id")
    .select(["user.name", "user.email", steppedUpWithinWindow("session").as("passwordFresh")])
    .where("user.id", "=", actor.userId)
    .where("session.id", "=", actor.sessionId)
    .where("session.expiresAt", ">", sql<Date>`now()`)
    .executeTakeFirst();
  if (!row) throw new SessionRevokedError();
  return { ...row, passwordFresh: Boolean(row.passwordFresh) };
}

/** Once a password is set anew, reset links mailed before it must not set another one. */
export async function forgetResetLinks(userId: string): Promise<void> {
  await db()
    .deleteFrom("verification")
    .where("identifier", "like", "reset-password:%")
    .where("value", "=", userId)
    .execute();
}
