import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("todo")
    .addColumn("id", "uuid", (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // Breaks ties between todos created in the same millisecond, so the order never shuffles.
    .addColumn("seq", "bigint", (col) => col.generatedAlwaysAsIdentity())
    .addColumn("user_id", "text", (col) => col.notNull().references("user.id").onDelete("cascade"))
    .addColumn("title", "text", (col) =>
      col.notNull().check(sql`char_length(title) between 1 and 500`),
    )
    .addColumn("completed", "boolean", (col) => col.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (col) =>
      col.notNull().defaultTo(sql`date_trunc('milliseconds', clock_timestamp())`),
    )
    .addColumn("updated_at", "timestamptz", (col) =>
      col.notNull().defaultTo(sql`date_trunc('milliseconds', clock_timestamp())`),
    )
    .execute();
  // Serves the list order and the keyset cursor (timestamps are kept to the millisecond JS can hold).
  await db.schema
    .createIndex("todo_user_id_created_at_idx")
    .on("todo")
    .columns(["user_id", "created_at", "seq"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("todo").execute();
}
