import { randomBytes } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { normalizePassword } from "@/lib/account/password-rules";
import type { DB } from "@/lib/db/create";

export const BENCH_PASSWORD = "bench horse battery staple";

export interface BenchUser {
  email: string;
  todos: number;
}

/** Verified users with a password and their todos, written straight to the database (fast). */
export async function seedUsers(db: DB, users: BenchUser[]): Promise<void> {
  // One hash for everyone: scrypt is slow on purpose, and sign-in verifies it the same way.
  const hash = await hashPassword(normalizePassword(BENCH_PASSWORD));
  const now = new Date();
  for (const user of users) {
    const id = randomBytes(16).toString("hex");
    await db
      .insertInto("user")
      .values({ id, name: "Bench User", email: user.email, emailVerified: true, image: null })
      .execute();
    await db
      .insertInto("account")
      .values({
        id: randomBytes(16).toString("hex"),
        userId: id,
        accountId: id,
        providerId: "credential",
        password: hash,
        accessToken: null,
        refreshToken: null,
        idToken: null,
        accessTokenExpiresAt: null,
        refreshTokenExpiresAt: null,
        scope: null,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    for (let start = 0; start < user.todos; start += 1000) {
      const count = Math.min(1000, user.todos - start);
      const rows = Array.from({ length: count }, (_, i) => ({
        user_id: id,
        title: `Todo number ${start + i + 1}`,
        completed: (start + i) % 3 === 0,
      }));
      await db.insertInto("todo").values(rows).execute();
    }
  }
}
