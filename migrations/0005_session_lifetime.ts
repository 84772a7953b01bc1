import { type Kysely, sql } from "kysely";

/**
 * A session signed in without "Remember me" lives at most a day, whatever the client sends:
 * Better Auth extends a session's expiry unless the request carries its `dont_remember` cookie,
 * so someone replaying only the session cookie could otherwise stretch it to 30 days sliding.
 * Such sessions are recognisable by their first expiry (a day after creation, not 30 days).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function keep_short_session_short() returns trigger language plpgsql as $$
    begin
      if old."expiresAt" - old."createdAt" <= interval '1 day 1 minute' then
        new."expiresAt" := least(new."expiresAt", old."expiresAt");
      end if;
      return new;
    end $$`.execute(db);
  await sql`
    create trigger session_keep_short_session_short before update of "expiresAt" on session
    for each row execute function keep_short_session_short()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger session_keep_short_session_short on session`.execute(db);
  await sql`drop function keep_short_session_short()`.execute(db);
}
