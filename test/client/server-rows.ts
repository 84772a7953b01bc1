import { sql } from "kysely";
import { afterAll } from "vitest";
import { createDatabase, type DB } from "@/lib/db/create";
import { target } from "./device";

let db: DB | undefined;

/**
 * The server's own database, when the test can reach it (the scaled run on Postgres; the
 * embedded PGlite belongs to its one server process). Used to age rows, never to set them up.
 */
export function serverRows(): DB | undefined {
  const database = target().database;
  if (!database) return undefined;
  db ??= createDatabase({ kind: "neon", url: database.url, wsProxy: database.wsProxy });
  return db;
}

afterAll(async () => {
  await db?.destroy();
  db = undefined;
});

/** Makes every step-up of the account older than the 15-minute window. */
export async function ageStepUps(rows: DB, email: string) {
  await rows
    .updateTable("session")
    .set({ verifiedAt: sql`now() - interval '16 minutes'` })
    .where("userId", "=", rows.selectFrom("user").select("id").where("email", "=", email))
    .execute();
}
