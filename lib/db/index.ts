import "server-only";
import { processSingleton } from "@/lib/process-state";
import { configFromEnv, createDatabase, type DB } from "./create";

export type { DB } from "./create";
export type { Database } from "./types";

/** The app's database, opened on first use (never at import, so `next build` opens none). */
export function db(): DB {
  return processSingleton("db", () => createDatabase(configFromEnv()));
}
