import { type Kysely, sql } from "kysely";

/**
 * Many devices: Better Auth's jwt plugin keys, rotating session tokens with the replaced ones kept
 * for reuse detection, the time of the last password proof (step-up), and the known devices.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("jwks")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("publicKey", "text", (col) => col.notNull())
    .addColumn("privateKey", "text", (col) => col.notNull())
    .addColumn("createdAt", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn("expiresAt", "timestamptz")
    .addColumn("alg", "text")
    .addColumn("crv", "text")
    .execute();

  await db.schema
    .alterTable("session")
    .addColumn("verifiedAt", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  // A replaced session token (hashed): honoured for a short grace, then proof of theft.
  await db.schema
    .createTable("retired_session_token")
    .addColumn("token_hash", "text", (col) => col.primaryKey())
    .addColumn("session_id", "text", (col) =>
      col.notNull().references("session.id").onDelete("cascade"),
    )
    .addColumn("retired_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("retired_session_token_session_id_idx")
    .on("retired_session_token")
    .column("session_id")
    .execute();

  // Browser and OS combinations a user has signed in from, for the new-device email.
  await db.schema
    .createTable("user_device")
    .addColumn("user_id", "text", (col) => col.notNull().references("user.id").onDelete("cascade"))
    .addColumn("device", "text", (col) => col.notNull())
    .addColumn("first_seen_at", "timestamptz", (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("user_device_pk", ["user_id", "device"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("user_device").execute();
  await db.schema.dropTable("retired_session_token").execute();
  await db.schema.alterTable("session").dropColumn("verifiedAt").execute();
  await db.schema.dropTable("jwks").execute();
}
