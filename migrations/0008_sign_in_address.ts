import { type Kysely, sql } from "kysely";

/** Addresses each user signed in from: an attack on the account from elsewhere never locks them out. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("sign_in_address")
    .addColumn("user_id", "text", (col) => col.notNull().references("user.id").onDelete("cascade"))
    .addColumn("address", "text", (col) => col.notNull())
    .addColumn("last_sign_in_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("sign_in_address_pk", ["user_id", "address"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("sign_in_address").execute();
}
