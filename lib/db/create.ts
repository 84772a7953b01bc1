import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { Kysely, PostgresDialect } from "kysely";
import { env } from "@/lib/env";
import { migrateToLatest } from "./migrate";
import { createNeonPool } from "./neon";
import { PGliteDialect } from "./pglite-dialect";
import type { Database } from "./types";

export type DB = Kysely<Database>;

export type DatabaseConfig =
  | { kind: "neon"; url: string; wsProxy?: string }
  | { kind: "pglite"; dataDir?: string; migrate: boolean };

export function createDatabase(config: DatabaseConfig): DB {
  if (config.kind === "neon") {
    const pool = createNeonPool(config.url, config.wsProxy);
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  const dialect = new PGliteDialect({
    // Imported lazily: `next build` and the Neon path never load the WASM build.
    open: async () => {
      const { PGlite } = await import("@electric-sql/pglite");
      if (config.dataDir) await mkdir(dirname(config.dataDir), { recursive: true });
      return PGlite.create(config.dataDir);
    },
    onOpen: config.migrate ? migratePGlite : undefined,
  });
  return new Kysely<Database>({ dialect });
}

async function migratePGlite(pglite: import("@electric-sql/pglite").PGlite): Promise<void> {
  const direct = new Kysely({ dialect: new PGliteDialect({ open: async () => pglite }) });
  await migrateToLatest(direct);
}

/** DATABASE_URL selects Neon; without it the embedded PGlite under .data/ migrates itself. */
export function configFromEnv(): DatabaseConfig {
  const { DATABASE_URL, NEON_WS_PROXY, PGLITE_DIR } = env();
  return DATABASE_URL
    ? { kind: "neon", url: DATABASE_URL, wsProxy: NEON_WS_PROXY }
    : { kind: "pglite", dataDir: PGLITE_DIR, migrate: true };
}
