import "server-only";
import { sql } from "kysely";
import { db } from "@/lib/db";

/** The password row Better Auth keeps for email + password sign-in. */
export const CREDENTIAL_PROVIDER = "credential";

export interface ConnectedAccount {
  /** Better Auth's account row id (what /unlink-account takes). */
  id: string;
  providerId: string;
  createdAt: Date;
}

/** The provider identities tied to the user, oldest first (never their tokens or subject ids). */
export async function listConnectedAccounts(userId: string): Promise<ConnectedAccount[]> {
  const rows = await db()
    .selectFrom("account")
    .select(["id", "providerId", "createdAt"])
    .where("userId", "=", userId)
    .where("providerId", "<>", CREDENTIAL_PROVIDER)
    .orderBy("createdAt", "asc")
    .execute();
  return rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt) }));
}

/** Whether the account has a password to sign in with (a provider-made account has none). */
export async function hasPassword(userId: string): Promise<boolean> {
  const row = await db()
    .selectFrom("account")
    .select("id")
    .where("userId", "=", userId)
    .where("providerId", "=", CREDENTIAL_PROVIDER)
    .where("password", "is not", null)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Whether the account could still sign in without this account row (a provider identity, or the
 * password's own row): a password, another provider, or a passkey (which signs in on its own:
 * "Sign in with a passkey"). Read in one statement, scoped to the owner.
 */
export async function canSignInWithoutAccount(
  userId: string,
  accountRowId: string,
): Promise<boolean> {
  const row = await db()
    .selectFrom("user")
    .select([
      sql<boolean>`exists (select 1 from account a where a."userId" = "user".id
        and a."providerId" = ${CREDENTIAL_PROVIDER} and a.password is not null
        and a.id <> ${accountRowId})`.as("hasPassword"),
      sql<boolean>`exists (select 1 from account a where a."userId" = "user".id
        and a."providerId" <> ${CREDENTIAL_PROVIDER} and a.id <> ${accountRowId})`.as(
        "hasOtherProvider",
      ),
      sql<boolean>`exists (select 1 from passkey p where p."userId" = "user".id)`.as("hasPasskey"),
    ])
    .where("id", "=", userId)
    .executeTakeFirst();
  return Boolean(row?.hasPassword || row?.hasOtherProvider || row?.hasPasskey);
}

/** The provider of one of the owner's account rows (undefined: not the owner's, or gone). */
export async function providerOfAccount(
  userId: string,
  accountRowId: string,
): Promise<string | undefined> {
  const row = await db()
    .selectFrom("account")
    .select("providerId")
    .where("id", "=", accountRowId)
    .where("userId", "=", userId)
    .executeTakeFirst();
  return row?.providerId;
}
