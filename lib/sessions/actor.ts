import { type ExpressionBuilder, sql } from "kysely";
import type { Database } from "@/lib/db/types";

/** Who is asking: the user, and the session (device) the access token was issued to. */
export interface Actor {
  userId: string;
  sessionId: string;
}

/** The device's session was revoked or has expired: its access token no longer opens any data. */
export class SessionRevokedError extends Error {
  constructor() {
    super("This session has been signed out");
  }
}

/**
 * `exists (live session of this user)`: put inside the statement that reads or writes todos, so a
 * revoked device loses access on its next request at no extra database round trip.
 */
export function sessionIsLive<DB extends Database, TB extends keyof DB>(actor: Actor) {
  return (eb: ExpressionBuilder<DB, TB>) =>
    eb.exists(
      (eb as unknown as ExpressionBuilder<Database, never>)
        .selectFrom("session")
        .select(sql`1`.as("one"))
        .where("session.id", "=", actor.sessionId)
        .where("session.userId", "=", actor.userId)
        .where("session.expiresAt", ">", sql<Date>`now()`),
    );
}
