import type { Kysely } from "kysely";

/**
 * Authenticator codes accepted in the last minutes, so each is accepted once (ASVS V2.8.4): Better
 * Auth alone takes the same code again for as long as it is valid (up to 90 seconds).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("used_totp_code")
    .addColumn("user_id", "text", (col) => col.notNull().references("user.id").onDelete("cascade"))
    .addColumn("code", "text", (col) => col.notNull())
    .addColumn("used_at", "timestamptz", (col) => col.notNull())
    .addPrimaryKeyConstraint("used_totp_code_pkey", ["user_id", "code"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("used_totp_code").execute();
}
