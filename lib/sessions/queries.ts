import "server-only";
import { sql } from "kysely";
import { cancelEmailChange } from "@/lib/account/email-change";
import { recordEvent } from "@/lib/activity/record";
import { db } from "@/lib/db";
import { type Actor, SessionRevokedError } from "@/lib/sessions/actor";
import { publishSessionsEnded } from "@/lib/todos/feed-publish";
import { describeDevice } from "./devices";
import { steppedUpWithinWindow } from "./step-up-freshness";
import { STEP_UP_REQUIRED } from "./step-up-required";

export class StepUpRequiredError extends Error {
  constructor() {
    super(STEP_UP_REQUIRED.message);
  }
}

export interface Device {
  id: string;
  device: string;
  userAgent: string | null;
  ipAddress: string | null;
  signedInAt: Date;
  lastActiveAt: Date;
  expiresAt: Date;
  current: boolean;
}

/** The user's live sessions, the current device first; one statement that also checks this device. */
export async function listDevices(actor: Actor): Promise<{ devices: Device[]; fresh: boolean }> {
  const rows = await db()
    .selectFrom("session as s")
    .innerJoin("session as cur", (join) =>
      join
        .on("cur.id", "=", actor.sessionId)
        .on("cur.userId", "=", actor.userId)
        .on("cur.expiresAt", ">", sql<Date>`now()`),
    )
    .select([
      "s.id",
      "s.userAgent",
      "s.ipAddress",
      "s.createdAt",
      "s.updatedAt",
      "s.expiresAt",
      steppedUpWithinWindow("cur").as("fresh"),
    ])
    .where("s.userId", "=", actor.userId)
    .where("s.expiresAt", ">", sql<Date>`now()`)
    .orderBy(sql`s.id = ${actor.sessionId}`, "desc")
    .orderBy("s.updatedAt", "desc")
    .execute();
  if (rows.length === 0) throw new SessionRevokedError();
  return {
    fresh: Boolean(rows[0]?.fresh),
    devices: rows.map((row) => ({
      id: row.id,
      device: describeDevice(row.userAgent),
      userAgent: row.userAgent,
      ipAddress: row.ipAddress,
      signedInAt: new Date(row.createdAt),
      lastActiveAt: new Date(row.updatedAt),
      expiresAt: new Date(row.expiresAt),
      current: row.id === actor.sessionId,
    })),
  };
}

/** Only a live device whose password proof is recent may sign devices out. */
function freshCurrentSession(actor: Actor) {
  return sql<boolean>`exists (
    select 1 from session cur
    where cur.id = ${actor.sessionId} and cur."userId" = ${actor.userId} and cur."expiresAt" > now()
      and ${steppedUpWithinWindow("cur")})`;
}

/** After a write matched nothing: say why (signed out, or the password proof is too old). */
async function explainRefusal(actor: Actor): Promise<void> {
  const row = await db()
    .selectFrom("session")
    .select(steppedUpWithinWindow().as("fresh"))
    .where("id", "=", actor.sessionId)
    .where("userId", "=", actor.userId)
    .where("expiresAt", ">", sql<Date>`now()`)
    .executeTakeFirst();
  if (!row) throw new SessionRevokedError();
  if (!row.fresh) throw new StepUpRequiredError();
}

/** Each device signed out goes into the account's security log, named as the device list named it. */
function logSignedOut(
  actor: Actor,
  revoked: { id: string; userAgent: string | null; ipAddress: string | null }[],
) {
  for (const device of revoked)
    recordEvent({ id: actor.userId }, "signed_out", {
      sessionId: device.id,
      ip: device.ipAddress,
      userAgent: device.userAgent,
    });
}

const REVOKED = ["id", "userAgent", "ipAddress"] as const;

/**
 * Signs one of the user's devices out (its todos become unreadable on its next request); false
 * when no live device of this user has that id (gone already, or never theirs).
 */
export async function revokeDevice(actor: Actor, sessionId: string): Promise<boolean> {
  const revoked = await db()
    .deleteFrom("session")
    .where("id", "=", sessionId)
    .where("userId", "=", actor.userId)
    .where(freshCurrentSession(actor))
    .returning(REVOKED)
    .execute();
  logSignedOut(actor, revoked);
  await publishSessionsEnded(
    actor.userId,
    revoked.map((device) => device.id),
  );
  if (revoked.length > 0) return true;
  await explainRefusal(actor);
  return false;
}

/** Signs every other device out (`keepThisOne`), or every device, this one included. */
async function revokeDevices(actor: Actor, keepThisOne: boolean): Promise<number> {
  const revoked = await db()
    .deleteFrom("session")
    .where("userId", "=", actor.userId)
    .$if(keepThisOne, (query) => query.where("id", "<>", actor.sessionId))
    .where(freshCurrentSession(actor))
    .returning(REVOKED)
    .execute();
  logSignedOut(actor, revoked);
  await publishSessionsEnded(
    actor.userId,
    revoked.map((device) => device.id),
  );
  if (revoked.length === 0) await explainRefusal(actor);
  // Signing the others out is what an owner does on seeing a stranger: a pending change dies too.
  await cancelEmailChange(actor.userId);
  return revoked.length;
}

export const revokeOtherDevices = (actor: Actor) => revokeDevices(actor, true);
export const revokeAllDevices = (actor: Actor) => revokeDevices(actor, false);
