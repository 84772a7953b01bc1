import "server-only";
import { env } from "@/lib/env";
import { processSingleton } from "@/lib/process-state";
import { configFromEnv, createDatabase, type DB } from "./create";
import { withQueryCounter } from "./query-counter";

export type { DB } from "./create";
export type { Database } from "./types";

/** The app's database, opened on first use (never at import, so `next build` opens none). */
export function db(): DB {
  return processSingleton("db", openDatabase);
}

function openDatabase(): DB {
  const database = createDatabase(configFromEnv());
  const statsFile = env().BENCH_STATS_FILE;
  return statsFile ? withQueryCounter(database, statsFile) : database;
}
