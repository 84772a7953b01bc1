import { type Kysely, type MigrationResultSet, Migrator } from "kysely";
import { migrations } from "@/migrations";

// biome-ignore lint/suspicious/noExplicitAny: migrations run on any database shape.
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    // Numbers are handed out to parallel branches: 0012 may land (and run) before 0011 does.
    allowUnorderedMigrations: true,
  });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}
