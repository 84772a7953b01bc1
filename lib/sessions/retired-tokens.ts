import { sql } from "kysely";
import { db } from "@/lib/db";
import { hashToken } from "./token-hash";

/** A replaced token still works this long (returning its successor), for racing tabs and requests. */
export const ROTATION_GRACE_SECONDS = 30;

/**
 * After the grace, a replaced token whose successor nobody ever received back is a lost rotation
 * response, not a copy, for this long: twice the access cookie's 5 minutes, since a client that
 * lost it has no access cookie left and comes back at its next request, while an active owner's
 * next renewal (within 5 minutes) retires the successor and closes the window for a thief.
 */
export const RECOVERY_WINDOW_SECONDS = 10 * 60;

/** The longest a session lives without a renewal (Better Auth's expiresIn). */
export const SESSION_LIFETIME_SECONDS = 30 * 24 * 60 * 60;

/**
 * A replaced token is kept this long, then pruned: by then it would have expired even had it never
 * been replaced (its session's expiry was at most SESSION_LIFETIME_SECONDS after its last renewal),
 * so replaying it grants nothing with or without its row. Until then its replay still revokes.
 */
export const RETIRED_TOKEN_KEPT_SECONDS = SESSION_LIFETIME_SECONDS;

/** Each rotation prunes at most this many expired rows: more than it adds, in one index range. */
const PRUNED_PER_ROTATION = 100;

export interface Claim {
  sessionId: string;
  userId: string;
  successor: string;
  /** grace: a racing request; recovered: a lost rotation response; reuse: a copy (revoke). */
  outcome: "grace" | "recovered" | "reuse";
}

/**
 * What a replaced token gets. Within the grace, its successor. After it, its successor once, if
 * the successor is still the session's token, was never handed out again, the token itself was
 * delivered normally (not by a recovery: two holders taking turns would otherwise never be
 * caught) and the rotation is less than RECOVERY_WINDOW_SECONDS old. Anything else is reuse.
 */
export async function claimSuccessor(presented: string): Promise<Claim | undefined> {
  const tokenHash = hashToken(presented);
  const found = await db()
    .selectFrom("retired_session_token as r")
    .innerJoin("session", "session.id", "r.session_id")
    .select([
      "session.id as sessionId",
      "session.userId as userId",
      "session.token as successor",
      "r.successor_hash as successorHash",
      "r.successor_handed_out as handedOut",
      "r.recoverable",
      sql<boolean>`r.retired_at > now() - make_interval(secs => ${ROTATION_GRACE_SECONDS})`.as(
        "withinGrace",
      ),
      sql<boolean>`r.retired_at > now() - make_interval(secs => ${RECOVERY_WINDOW_SECONDS})`.as(
        "withinRecovery",
      ),
    ])
    .where("r.token_hash", "=", tokenHash)
    .executeTakeFirst();
  if (!found) return undefined;
  const claim = { sessionId: found.sessionId, userId: found.userId, successor: found.successor };
  if (found.withinGrace) {
    await db()
      .updateTable("retired_session_token")
      .set({ successor_handed_out: sql`coalesce(successor_handed_out, 'grace')` })
      .where("token_hash", "=", tokenHash)
      .execute();
    return { ...claim, outcome: "grace" };
  }
  const recoverable =
    found.recoverable &&
    found.withinRecovery &&
    found.handedOut === null &&
    found.successorHash === hashToken(found.successor);
  return {
    ...claim,
    outcome: recoverable && (await recover(tokenHash, claim)) ? "recovered" : "reuse",
  };
}

/** One statement, so of two holders of the same replaced token only the first recovers. */
async function recover(tokenHash: string, claim: Omit<Claim, "outcome">): Promise<boolean> {
  const result = await db()
    .updateTable("retired_session_token")
    .set({ successor_handed_out: "recovery" })
    .where("token_hash", "=", tokenHash)
    .where("successor_handed_out", "is", null)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom("session")
          .select("id")
          .where("id", "=", claim.sessionId)
          .where("token", "=", claim.successor),
      ),
    )
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/**
 * Replaces the session token if nobody rotated it first, retiring the old one with its successor,
 * in one statement. Returns false when another request won the race. The same statement prunes
 * replaced tokens older than RETIRED_TOKEN_KEPT_SECONDS (rows of deleted sessions go by cascade).
 */
export async function rotateToken(sessionId: string, presented: string, next: string) {
  const presentedHash = hashToken(presented);
  const swapped = await sql<{ session_id: string }>`
    with swapped as (
      update session set token = ${next}, "updatedAt" = now()
      where id = ${sessionId} and token = ${presented}
      returning id
    ), pruned as (
      delete from retired_session_token where token_hash in (
        select token_hash from retired_session_token
        where retired_at < now() - make_interval(secs => ${RETIRED_TOKEN_KEPT_SECONDS})
        order by retired_at limit ${PRUNED_PER_ROTATION})
    )
    insert into retired_session_token (token_hash, session_id, successor_hash, recoverable)
    select ${presentedHash}, id, ${hashToken(next)}, not exists (
      select 1 from retired_session_token
      where successor_hash = ${presentedHash} and successor_handed_out = 'recovery')
    from swapped
    returning session_id`.execute(db());
  return swapped.rows.length > 0;
}
