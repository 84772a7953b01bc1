import type { Kysely } from "kysely";

/**
 * Email changes (issue 21): the one change link each account may have out (approval by the current
 * address, then verification by the new one), so signing out everywhere or a reset can cancel a
 * stateless link; and the addresses an account had lately, so recovery mail also tells them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("pending_email_change")
    .addColumn("user_id", "text", (col) =>
      col.primaryKey().references("user.id").onDelete("cascade"),
    )
    .addColumn("new_email", "text", (col) => col.notNull())
    .addColumn("link_hash", "text", (col) => col.notNull())
    .addColumn("requested_at", "timestamptz", (col) => col.notNull())
    .execute();
  await db.schema
    .createTable("replaced_email")
    .addColumn("user_id", "text", (col) => col.notNull().references("user.id").onDelete("cascade"))
    .addColumn("email", "text", (col) => col.notNull())
    .addColumn("replaced_at", "timestamptz", (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex("replaced_email_user_id")
    .on("replaced_email")
    .column("user_id")
    .execute();
  await db.schema
    .createIndex("replaced_email_email")
    .on("replaced_email")
    .column("email")
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("replaced_email").execute();
  await db.schema.dropTable("pending_email_change").execute();
}
