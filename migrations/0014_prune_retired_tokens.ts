import type { Kysely } from "kysely";

/** Each rotation prunes the oldest replaced tokens (lib/sessions/retired-tokens.ts): one index range. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex("retired_session_token_retired_at_idx")
    .on("retired_session_token")
    .column("retired_at")
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("retired_session_token_retired_at_idx").execute();
}
