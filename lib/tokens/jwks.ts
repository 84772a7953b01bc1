import "server-only";
import { createLocalJWKSet, type JWK, type JWTVerifyGetKey } from "jose";
import { db } from "@/lib/db";

const RELOAD_AFTER_MS = 5 * 60 * 1000;
/** An unknown key id triggers a reload at most this often, so forged kids cannot flood the DB. */
const UNKNOWN_KID_COOLDOWN_MS = 30 * 1000;
let cache: { keys: JWTVerifyGetKey; kids: Set<string>; loadedAt: number } | undefined;

async function load() {
  const rows = await db().selectFrom("jwks").select(["id", "publicKey", "alg", "crv"]).execute();
  const jwks = rows.map((row) => ({
    ...(JSON.parse(row.publicKey) as JWK),
    kid: row.id,
    alg: row.alg ?? "EdDSA",
  }));
  cache = {
    keys: createLocalJWKSet({ keys: jwks }),
    kids: new Set(rows.map((r) => r.id)),
    loadedAt: Date.now(),
  };
  return cache;
}

/**
 * The public keys of the jwt plugin, held in memory: verifying a bearer token needs no database
 * call, except to pick up a key that was created after the last load.
 */
export const publicKeys: JWTVerifyGetKey = async (header, token) => {
  let current = cache;
  const age = current ? Date.now() - current.loadedAt : Number.POSITIVE_INFINITY;
  const unknownKid = Boolean(header.kid && current && !current.kids.has(header.kid));
  if (age > RELOAD_AFTER_MS || (unknownKid && age > UNKNOWN_KID_COOLDOWN_MS))
    current = await load();
  if (!current) throw new Error("No signing keys loaded");
  return current.keys(header, token);
};
