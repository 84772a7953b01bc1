import "server-only";
import { sql } from "kysely";
import { db } from "@/lib/db";

/** Longer than a code stays valid: Better Auth accepts the previous, current and next 30-second one. */
const REMEMBERED_SECONDS = 120;
const recently = sql<Date>`now() - make_interval(secs => ${REMEMBERED_SECONDS})`;

export interface CodeClaim {
  userId: string;
  code: string;
  at: Date;
}

/**
 * Claims an authenticator code for the account before Better Auth checks it, in one statement
 * that also forgets the account's old codes. Undefined when the same code was claimed lately: a
 * replay, or the same code sent twice at once, of which only one may pass.
 */
export async function claimCode(userId: string, code: string): Promise<CodeClaim | undefined> {
  const row = await db()
    .with("forgotten", (q) =>
      q
        .deleteFrom("used_totp_code")
        .where("user_id", "=", userId)
        .where("code", "<>", code)
        .where("used_at", "<", recently),
    )
    .insertInto("used_totp_code")
    // Milliseconds only, so the claim reads back equal in JavaScript (for giving it back).
    .values({ user_id: userId, code, used_at: sql`date_trunc('milliseconds', now())` })
    .onConflict((oc) =>
      oc
        .columns(["user_id", "code"])
        .doUpdateSet({ used_at: (eb) => eb.ref("excluded.used_at") })
        .where("used_totp_code.used_at", "<", recently),
    )
    .returning("used_at")
    .executeTakeFirst();
  return row ? { userId, code, at: new Date(row.used_at) } : undefined;
}

/** A code that turned out wrong (or a check that failed) is not used: the owner may still type it. */
export async function releaseCode({ userId, code, at }: CodeClaim): Promise<void> {
  await db()
    .deleteFrom("used_totp_code")
    .where("user_id", "=", userId)
    .where("code", "=", code)
    .where("used_at", "=", at)
    .execute();
}
