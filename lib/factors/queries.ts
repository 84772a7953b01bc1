import "server-only";
import { sql } from "kysely";
import { db } from "@/lib/db";

export interface PasskeySummary {
  id: string;
  name: string;
  createdAt: Date | null;
  lastUsedAt: Date | null;
}

/** The user's passkeys, newest first (never their public keys or credential ids). */
export async function listPasskeys(userId: string): Promise<PasskeySummary[]> {
  const rows = await db()
    .selectFrom("passkey")
    .select(["id", "name", "createdAt", "lastUsedAt"])
    .where("userId", "=", userId)
    .orderBy("createdAt", "desc")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name?.trim() || "Passkey",
    createdAt: row.createdAt ? new Date(row.createdAt) : null,
    lastUsedAt: row.lastUsedAt ? new Date(row.lastUsedAt) : null,
  }));
}

/** Whether the authenticator app is enrolled and confirmed, and how many backup codes are left. */
export async function authenticatorStatus(userId: string): Promise<{ enabled: boolean }> {
  const row = await db()
    .selectFrom("user")
    .select("twoFactorEnabled")
    .where("id", "=", userId)
    .executeTakeFirst();
  return { enabled: Boolean(row?.twoFactorEnabled) };
}

/** A passkey signed in: remembered for the security page's "last used". */
export async function markPasskeyUsed(credentialId: string): Promise<void> {
  await db()
    .updateTable("passkey")
    .set({ lastUsedAt: sql`now()` })
    .where("credentialID", "=", credentialId)
    .execute();
}

/**
 * Whether the account could still sign in without this passkey: a password, another passkey, or a
 * connected provider. Read in one statement, scoped to the owner.
 */
export async function canSignInWithout(userId: string, passkeyId: string): Promise<boolean> {
  const row = await db()
    .selectFrom("user")
    .select([
      sql<boolean>`exists (select 1 from account a where a."userId" = "user".id
        and a."providerId" = 'credential' and a.password is not null)`.as("hasPassword"),
      sql<boolean>`exists (select 1 from passkey p where p."userId" = "user".id
        and p.id <> ${passkeyId})`.as("hasOtherPasskey"),
      sql<boolean>`exists (select 1 from account a where a."userId" = "user".id
        and a."providerId" <> 'credential')`.as("hasProvider"),
    ])
    .where("id", "=", userId)
    .executeTakeFirst();
  return Boolean(row?.hasPassword || row?.hasOtherPasskey || row?.hasProvider);
}

/** The account a pending two-factor sign-in belongs to (its challenge row). */
export async function pendingSignInUser(
  challengeId: string,
  { evenExpired = false }: { evenExpired?: boolean } = {},
): Promise<{ id: string; email: string } | undefined> {
  return db()
    .selectFrom("verification")
    .innerJoin("user", "user.id", "verification.value")
    .select(["user.id", "user.email"])
    .where("verification.identifier", "=", challengeId)
    .where("verification.identifier", "like", "2fa-%")
    .$if(!evenExpired, (q) => q.where("verification.expiresAt", ">", sql<Date>`now()`))
    .executeTakeFirst();
}
