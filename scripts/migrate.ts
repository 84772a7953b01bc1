/** npm run db:migrate: applies migrations/ to DATABASE_URL (or to the embedded PGlite). */
import { configFromEnv, createDatabase } from "@/lib/db/create";
import { migrateToLatest } from "@/lib/db/migrate";

const config = configFromEnv();
const database = createDatabase(config.kind === "pglite" ? { ...config, migrate: false } : config);
try {
  const { results = [] } = await migrateToLatest(database);
  for (const result of results) console.log(`${result.status}: ${result.migrationName}`);
  console.log(results.length ? "Migrations applied." : "Already up to date.");
} finally {
  await database.destroy();
}
