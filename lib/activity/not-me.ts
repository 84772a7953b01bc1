import "server-only";
import { sql } from "kysely";
import { cancelEmailChange } from "@/lib/account/email-change";
import { auth } from "@/lib/auth";
import { db } from "@/lib/db";
import { loggable } from "@/lib/log";
import { withoutEmailBudget } from "@/lib/rate-limit/email-budget-waiver";
import { type Actor, SessionRevokedError } from "@/lib/sessions/actor";
import { publishSessionsEnded } from "@/lib/todos/feed-publish";
import { originOf, recordEvent } from "./record";

/**
 * "This wasn't me": signs out every device of the account, this one included, in one statement
 * (no step-up: whoever holds the session can only lock themselves out), cancels a pending email
 * change, emails a reset link to the account's address, and records the report. `emailed` is
 * false when the mail could not be sent (the sign-outs still happened).
 */
export async function reportNotMe(
  actor: Actor,
  eventId: string | undefined,
  requestHeaders: Headers,
): Promise<{ emailed: boolean }> {
  const { rows } = await sql<{ email: string; reported: string | null }>`
    with me as (
      select u.id, u.email from "user" u join session s on s."userId" = u.id
      where u.id = ${actor.userId} and s.id = ${actor.sessionId} and s."expiresAt" > now()
    ),
    ended as (delete from session where "userId" = (select id from me) returning id)
    select me.email,
      (select type from auth_event where id = ${eventId ?? null}::bigint and user_id = me.id) as reported,
      (select count(*) from ended) as ended
    from me`.execute(db());
  const account = rows[0];
  if (!account) throw new SessionRevokedError();
  await publishSessionsEnded(actor.userId);
  await cancelEmailChange(actor.userId);
  recordEvent({ id: actor.userId }, "reported", originOf(requestHeaders, actor.sessionId), {
    detail: account.reported ?? undefined,
  });
  try {
    // Never counted against the address: strangers asking for resets must not silence this one.
    await withoutEmailBudget(() =>
      auth().api.requestPasswordReset({
        body: { email: account.email, redirectTo: "/reset-password" },
        headers: requestHeaders,
      }),
    );
    return { emailed: true };
  } catch (error) {
    console.error("Reset link after a report failed:", loggable(error));
    return { emailed: false };
  }
}
