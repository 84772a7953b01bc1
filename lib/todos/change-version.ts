import "server-only";
import { sql } from "kysely";
import { db } from "@/lib/db";
import { type Actor, sessionIsLive } from "@/lib/sessions/actor";

/** The user's change counter as text (a bigint), "0" before their first write. */
export function changeVersionOf(userId: string) {
  return sql<string>`coalesce((select version::text from todo_change_version where user_id = ${userId}), '0')`;
}

export interface FeedState {
  /** The device's session is still signed in. */
  live: boolean;
  version: string;
}

/** What the live feed polls: one statement that checks the session and reads the counter. */
export async function readFeedState(actor: Actor): Promise<FeedState> {
  const row = await db()
    .selectNoFrom((eb) => [
      sessionIsLive(actor)(eb).as("live"),
      changeVersionOf(actor.userId).as("version"),
    ])
    .executeTakeFirstOrThrow();
  return { live: Boolean(row.live), version: row.version };
}

/** The user's counter now: what a committed write publishes to the user's feeds. */
export async function readChangeVersion(userId: string): Promise<string> {
  const row = await db()
    .selectNoFrom(changeVersionOf(userId).as("version"))
    .executeTakeFirstOrThrow();
  return row.version;
}
