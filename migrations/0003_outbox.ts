import { type Kysely, sql } from "kysely";

/** Where emails go while no email provider is configured (shown at /dev/mailbox). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("outbox")
    .addColumn("id", "uuid", (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("to", "text", (col) => col.notNull())
    .addColumn("subject", "text", (col) => col.notNull())
    .addColumn("text", "text", (col) => col.notNull())
    .addColumn("html", "text", (col) => col.notNull())
    .addColumn("created_at", "timestamptz", (col) =>
      col.notNull().defaultTo(sql`date_trunc('milliseconds', clock_timestamp())`),
    )
    .execute();
  await db.schema
    .createIndex("outbox_to_created_at_idx")
    .on("outbox")
    .columns(["to", "created_at"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("outbox").execute();
}
