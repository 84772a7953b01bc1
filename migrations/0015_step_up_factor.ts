import type { Kysely } from "kysely";

/**
 * Which factor last proved the session (`password`, `code` or `passkey`; null: only its sign-in),
 * so changes that weaken a second factor can ask for more than the password.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("session").addColumn("verifiedWith", "text").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("session").dropColumn("verifiedWith").execute();
}
