import "server-only";
import { sql } from "kysely";
import { db } from "@/lib/db";
import { hashToken } from "@/lib/sessions/token-hash";

/** How long an address the account left behind is still told of recovery mail. */
export const REPLACED_EMAIL_NOTICE_DAYS = 7;

const recent = sql<boolean>`replaced_at > now() - make_interval(days => ${REPLACED_EMAIL_NOTICE_DAYS})`;

/** A change was asked for: its approval link (mailed to the current address) is the one link out. */
export async function startEmailChange(
  userId: string,
  newEmail: string,
  approvalToken: string,
): Promise<void> {
  const row = {
    user_id: userId,
    new_email: newEmail,
    link_hash: hashToken(approvalToken),
    requested_at: new Date(),
  };
  await db()
    .insertInto("pending_email_change")
    .values(row)
    .onConflict((oc) => oc.column("user_id").doUpdateSet(row))
    .execute();
}

/**
 * Takes a change link (approval or verification) out of play, once: true only for the one link the
 * account has out now. An approval leaves the change waiting for its verification link.
 */
export async function claimChangeLink(
  userId: string,
  newEmail: string,
  token: string,
  step: "approval" | "verification",
): Promise<boolean> {
  const link = sql<boolean>`user_id = ${userId} and new_email = ${newEmail} and link_hash = ${hashToken(token)}`;
  const rows =
    step === "approval"
      ? await db()
          .updateTable("pending_email_change")
          .set({ link_hash: "" })
          .where(link)
          .returning("user_id")
          .execute()
      : await db().deleteFrom("pending_email_change").where(link).returning("user_id").execute();
  return rows.length > 0;
}

/** The approved change gets its verification link; false if it was cancelled in between. */
export async function issueVerificationLink(
  userId: string,
  newEmail: string,
  token: string,
): Promise<boolean> {
  const rows = await db()
    .updateTable("pending_email_change")
    .set({ link_hash: hashToken(token) })
    .where("user_id", "=", userId)
    .where("new_email", "=", newEmail)
    .where("link_hash", "=", "")
    .returning("user_id")
    .execute();
  return rows.length > 0;
}

/** Another account already uses `email`: no change can move an account onto it. */
export async function addressTakenByAnother(userId: string, email: string): Promise<boolean> {
  const holder = await db()
    .selectFrom("user")
    .select("id")
    .where("email", "=", email.trim().toLowerCase())
    .where("id", "<>", userId)
    .executeTakeFirst();
  return holder !== undefined;
}

/** Signing out everywhere, "This wasn't me", a reset or a new password: no change link works after. */
export async function cancelEmailChange(userId: string): Promise<void> {
  await db().deleteFrom("pending_email_change").where("user_id", "=", userId).execute();
}

/**
 * If the account now has `newEmail`, it left `oldEmail` behind: remembered for the notice window
 * (older ones forgotten). False when the link did not move it.
 */
export async function recordEmailMoved(
  userId: string,
  oldEmail: string,
  newEmail: string,
): Promise<boolean> {
  await db().deleteFrom("replaced_email").where(sql<boolean>`not ${recent}`).execute();
  const { rows } = await sql`
    insert into replaced_email (user_id, email, replaced_at)
    select id, ${oldEmail.toLowerCase()}, now() from "user" where id = ${userId} and email = ${newEmail}
    returning user_id`.execute(db());
  return rows.length > 0;
}

/** Addresses this account had within the notice window, other than the one it has now. */
export async function recentlyReplacedEmails(
  userId: string,
  currentEmail: string,
): Promise<{ email: string; replacedAt: Date }[]> {
  const rows = await db()
    .selectFrom("replaced_email")
    .select(["email", sql<Date>`max(replaced_at)`.as("replacedAt")])
    .where("user_id", "=", userId)
    .where("email", "<>", currentEmail.toLowerCase())
    .where(recent)
    .groupBy("email")
    .execute();
  return rows;
}

/** When `email` stopped being an account's address within the window (and no account has it now). */
export async function leftBehindAt(email: string): Promise<Date | undefined> {
  const row = await db()
    .selectFrom("replaced_email")
    .select(sql<Date>`max(replaced_at)`.as("replacedAt"))
    .where("email", "=", email.trim().toLowerCase())
    .where(recent)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("user").select("id").where("user.email", "=", email.trim().toLowerCase()),
        ),
      ),
    )
    .executeTakeFirst();
  return row?.replacedAt ?? undefined;
}
