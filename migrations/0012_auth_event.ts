import { type Kysely, sql } from "kysely";

/** The account's own security log, shown to its owner on /settings/security (never a secret in it). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("auth_event")
    .addColumn("id", "bigserial", (col) => col.primaryKey())
    .addColumn("user_id", "text", (col) => col.notNull().references("user.id").onDelete("cascade"))
    .addColumn("type", "text", (col) => col.notNull())
    .addColumn("detail", "text")
    .addColumn("session_id", "text")
    .addColumn("ip", "text")
    .addColumn("device", "text")
    .addColumn("created_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("auth_event_user_newest")
    .on("auth_event")
    .columns(["user_id", "id desc"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("auth_event").execute();
}
