import "server-only";
import { env } from "@/lib/env";
import { configFromEnv, createDatabase, type DB } from "./create";
import { withQueryCounter } from "./query-counter";

export type { DB } from "./create";
export type { Database } from "./types";

// Each route bundle may load its own copy of this module: keep one database per process.
const globalForDb = globalThis as unknown as { __todoDb?: DB };

/** The app's database, opened on first use (never at import, so `next build` opens none). */
export function db(): DB {
  globalForDb.__todoDb ??= openDatabase();
  return globalForDb.__todoDb;
}

function openDatabase(): DB {
  const database = createDatabase(configFromEnv());
  const statsFile = env().BENCH_STATS_FILE;
  return statsFile ? withQueryCounter(database, statsFile) : database;
}

/** Lets tests run the app against a database they created. */
export function setDatabaseForTests(database: DB | undefined): void {
  globalForDb.__todoDb = database;
}
