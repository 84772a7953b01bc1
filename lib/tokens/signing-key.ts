import "server-only";
import { randomBytes } from "node:crypto";
import type { Jwk } from "better-auth/plugins/jwt";
import { sql } from "kysely";
import { db } from "@/lib/db";

type NewKey = Omit<Jwk, "id">;

/**
 * The jwt plugin's key creation, race-free across instances: the unique index of migration 0009
 * lets one live key exist; an instance that lost the race signs with the winner's key instead of
 * one that the other instances' key caches have never seen.
 */
export async function createSigningKeyOnce(key: NewKey): Promise<Jwk> {
  const inserted = await db()
    .insertInto("jwks")
    .values({
      id: randomBytes(24).toString("base64url"),
      publicKey: key.publicKey,
      privateKey: key.privateKey,
      createdAt: key.createdAt,
      expiresAt: key.expiresAt ?? null,
      alg: key.alg ?? null,
      crv: key.crv ?? null,
    })
    .onConflict((conflict) => conflict.doNothing())
    .returningAll()
    .executeTakeFirst();
  const row =
    inserted ??
    (await db()
      .selectFrom("jwks")
      .selectAll()
      .where("expiresAt", "is", null)
      .where(sql<string>`coalesce(alg, 'EdDSA')`, "=", key.alg ?? "EdDSA")
      .executeTakeFirstOrThrow());
  return {
    id: row.id,
    publicKey: row.publicKey,
    privateKey: row.privateKey,
    createdAt: new Date(row.createdAt),
    ...(row.expiresAt && { expiresAt: new Date(row.expiresAt) }),
    ...(row.alg && { alg: row.alg as Jwk["alg"] }),
    ...(row.crv && { crv: row.crv as Jwk["crv"] }),
  };
}
