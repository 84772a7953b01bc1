import { type Kysely, sql } from "kysely";

/**
 * A rotation response lost in flight must not look like theft: each replaced token remembers its
 * successor and whether that successor was ever handed out again (within the grace, or by a
 * recovery), and whether it may itself be recovered (not if it came from a recovery). Rows from
 * before this migration recover nothing: their replayed token is reuse, as before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("retired_session_token")
    .addColumn("successor_hash", "text")
    .addColumn("successor_handed_out", "text", (col) =>
      col.check(sql`successor_handed_out in ('grace', 'recovery')`),
    )
    .addColumn("recoverable", "boolean", (col) => col.notNull().defaultTo(false))
    .execute();
  await db.schema
    .createIndex("retired_session_token_successor_hash_idx")
    .on("retired_session_token")
    .column("successor_hash")
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("retired_session_token")
    .dropColumn("recoverable")
    .dropColumn("successor_handed_out")
    .dropColumn("successor_hash")
    .execute();
}
