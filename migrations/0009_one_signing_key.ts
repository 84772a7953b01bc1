import { type Kysely, sql } from "kysely";

/**
 * One signing key without an expiry at a time. Instances that start together all find no key and
 * mint one each; with this index the first insert wins and the others take it (lib/tokens/signing-key.ts),
 * so no instance signs with a key another instance has not loaded.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Keys minted by such a race before this migration keep verifying for a while, then retire.
  await sql`
    update jwks set "expiresAt" = now() + interval '1 day'
    where "expiresAt" is null
      and id <> (select id from jwks where "expiresAt" is null order by "createdAt" desc, id limit 1)
  `.execute(db);
  await sql`create unique index jwks_one_live_key on jwks ((coalesce(alg, 'EdDSA'))) where "expiresAt" is null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index jwks_one_live_key`.execute(db);
}
