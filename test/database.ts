import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, inject } from "vitest";
import { createDatabase, type DB } from "@/lib/db/create";
import { migrateToLatest } from "@/lib/db/migrate";
import { forgetAuth, installDatabase, settleBackgroundTasks } from "@/test/process-state";

/** The database a test uses: a fresh in-memory PGlite, or a fresh Postgres database via Neon. */
export async function createTestDatabase(): Promise<{ db: DB; drop: () => Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const db = createDatabase({ kind: "pglite", migrate: true });
    return {
      db,
      drop: async () => {
        await settleBackgroundTasks();
        await db.destroy();
      },
    };
  }
  const wsProxy = inject("neonWsProxy");
  const name = `todo_test_${randomBytes(6).toString("hex")}`;
  const admin = createDatabase({ kind: "neon", url: adminUrl, wsProxy });
  await sql`create database ${sql.id(name)}`.execute(admin);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = createDatabase({ kind: "neon", url: url.toString(), wsProxy });
  await migrateToLatest(db);
  return {
    db,
    drop: async () => {
      await settleBackgroundTasks();
      await db.destroy();
      await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
      await admin.destroy();
    },
  };
}

/** Gives the file its own database, installed as the app's, with Better Auth rebuilt on it. */
export function withTestDatabase(): () => DB {
  let current: { db: DB; drop: () => Promise<void> } | undefined;
  beforeAll(async () => {
    current = await createTestDatabase();
    installDatabase(current.db);
    forgetAuth();
  });
  afterAll(async () => {
    installDatabase(undefined);
    forgetAuth();
    await current?.drop();
  });
  return () => {
    if (!current) throw new Error("withTestDatabase: the database is not ready yet");
    return current.db;
  };
}
