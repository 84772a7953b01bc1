import "server-only";
import { sql } from "kysely";
import { runAfterResponse } from "@/lib/background";
import { db } from "@/lib/db";
import { clientAddress } from "@/lib/net/client-ip";
import { describeDevice } from "@/lib/sessions/devices";
import { type EventType, type FailureReason, RETENTION_DAYS } from "./events";

export interface EventOrigin {
  sessionId?: string | null;
  /** The client address as the host's proxy named it (lib/net/client-ip.ts). */
  ip?: string | null;
  userAgent?: string | null;
}

/** Where a request came from, for the log. */
export function originOf(headers: Headers | undefined | null, sessionId?: string | null) {
  return { sessionId, ip: clientAddress(headers), userAgent: headers?.get("user-agent") };
}

/**
 * Records an event after the response (a sign-in never waits for its log line), pruning the
 * account's events past the retention in the same statement. `onceInSeconds`: skip it when the
 * same event was recorded that recently (a refused flood is one line, not a million rows).
 */
export function recordEvent(
  user: { id: string } | { email: string },
  type: EventType,
  origin: EventOrigin = {},
  options: { detail?: string; onceInSeconds?: number } = {},
): void {
  runAfterResponse(insertEvent(user, type, origin, options));
}

export async function insertEvent(
  user: { id: string } | { email: string },
  type: EventType,
  origin: EventOrigin,
  { detail, onceInSeconds }: { detail?: string; onceInSeconds?: number },
): Promise<void> {
  const owner =
    "id" in user
      ? sql<string>`(select id from "user" where id = ${user.id})`
      : sql<string>`(select id from "user" where email = ${user.email.trim().toLowerCase()})`;
  const device = origin.userAgent === undefined ? null : describeDevice(origin.userAgent);
  const recent = onceInSeconds
    ? sql`and not exists (select 1 from auth_event e where e.user_id = o.id and e.type = ${type}
          and e.detail is not distinct from ${detail ?? null}
          and e.created_at > now() - make_interval(secs => ${onceInSeconds}))`
    : sql``;
  await sql`
    with o as (select ${owner} as id),
    pruned as (
      delete from auth_event where user_id = (select id from o)
        and created_at < now() - make_interval(days => ${RETENTION_DAYS})
    )
    insert into auth_event (user_id, type, detail, session_id, ip, device)
    select o.id, ${type}, ${detail ?? null}, ${origin.sessionId ?? null}, ${origin.ip ?? null}, ${device}
    from o where o.id is not null ${recent}`.execute(db());
}

/** A failed attempt on an address, recorded against its account (when there is one). */
export function recordFailedSignIn(
  email: string,
  reason: FailureReason,
  origin: EventOrigin,
): void {
  recordEvent({ email }, "sign_in_failed", origin, {
    detail: reason,
    // One line per quarter hour for refusals: they are not tries at the password.
    onceInSeconds: reason === "rate_limited" ? 15 * 60 : undefined,
  });
}
