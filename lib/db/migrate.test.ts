import { Migrator, sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { migrations } from "@/migrations";
import { createDatabase } from "./create";
import { migrateToLatest } from "./migrate";

const db = createDatabase({ kind: "pglite", migrate: false });
afterAll(() => db.destroy());

describe("migrations", () => {
  it("apply one that landed after a higher-numbered one had already run (parallel branches)", async () => {
    const names = Object.keys(migrations);
    const late = "0011_todo_change_version";
    expect(names).toContain(late);
    // A database that ran every migration but 0011, as one that followed main before 0011 merged.
    const withoutLate = Object.fromEntries(
      Object.entries(migrations).filter(([name]) => name !== late),
    );
    const early = new Migrator({ db, provider: { getMigrations: async () => withoutLate } });
    expect((await early.migrateToLatest()).error).toBeUndefined();

    const result = await migrateToLatest(db);
    expect(result.results?.map((r) => [r.migrationName, r.status])).toEqual([[late, "Success"]]);
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from todo_change_version`.execute(db);
    expect(rows[0]?.n).toBe(0);
  });
});
