import type { Kysely } from "kysely";

/** The list's counters (all, active) read this index alone, not every todo row of a long list. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex("todo_user_id_completed_idx")
    .on("todo")
    .columns(["user_id", "completed"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("todo_user_id_completed_idx").execute();
}
