import "server-only";
import { sql } from "kysely";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/sessions/actor";
import { SessionRevokedError } from "@/lib/sessions/actor";
import type { EventType } from "./events";

export const PAGE_SIZE = 20;

export interface ActivityEntry {
  id: string;
  type: EventType;
  detail: string | null;
  device: string | null;
  ip: string | null;
  at: Date;
  /** The event is this device's own (its session). */
  thisDevice: boolean;
}

/** The "older than" cursor is the last entry's id: ids grow in the order events were written. */
const validCursor = (cursor: string | undefined) =>
  cursor && /^[1-9]\d{0,17}$/.test(cursor) ? cursor : undefined;

/**
 * A page of the account's events, newest first; read only by a live session of that account,
 * in the same statement.
 */
export async function listActivity(
  actor: Actor,
  cursor?: string,
): Promise<{ entries: ActivityEntry[]; older?: string }> {
  const before = validCursor(cursor);
  const rows = await db()
    .selectFrom("auth_event")
    .select(["id", "type", "detail", "device", "ip", "created_at", "session_id"])
    .where("user_id", "=", actor.userId)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom("session")
          .select(sql`1`.as("one"))
          .where("session.id", "=", actor.sessionId)
          .where("session.userId", "=", actor.userId)
          .where("session.expiresAt", ">", sql<Date>`now()`),
      ),
    )
    .$if(before !== undefined, (query) => query.where("id", "<", before ?? "0"))
    .orderBy("id", "desc")
    .limit(PAGE_SIZE + 1)
    .execute();
  if (rows.length === 0) await assertLive(actor);
  const entries = rows.slice(0, PAGE_SIZE).map((row) => ({
    id: String(row.id),
    type: row.type as EventType,
    detail: row.detail,
    device: row.device,
    ip: row.ip,
    at: new Date(row.created_at),
    thisDevice: row.session_id === actor.sessionId,
  }));
  const last = entries.at(-1);
  return { entries, older: rows.length > PAGE_SIZE && last ? last.id : undefined };
}

async function assertLive(actor: Actor) {
  const live = await db()
    .selectFrom("session")
    .select("id")
    .where("id", "=", actor.sessionId)
    .where("userId", "=", actor.userId)
    .where("expiresAt", ">", sql<Date>`now()`)
    .executeTakeFirst();
  if (!live) throw new SessionRevokedError();
}
