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

describe("0017_clear_unbounded_images", () => {
  it("clears a stored image longer than 2048 characters or not https:, keeping a short https: one", async () => {
    const fresh = createDatabase({ kind: "pglite", migrate: false });
    const before = Object.fromEntries(
      Object.entries(migrations).filter(([name]) => name < "0017_clear_unbounded_images"),
    );
    const older = new Migrator({ db: fresh, provider: { getMigrations: async () => before } });
    expect((await older.migrateToLatest()).error).toBeUndefined();
    const images = {
      huge: `https://example.com/${"a".repeat(100_000)}`,
      http: "http://example.com/me.png",
      script: "javascript:alert(1)",
      good: "https://example.com/me.png",
      none: null,
    };
    for (const [id, image] of Object.entries(images)) {
      await sql`
        insert into "user" (id, name, email, "emailVerified", image, "createdAt", "updatedAt")
        values (${id}, ${id}, ${`${id}@example.com`}, true, ${image}, now(), now())`.execute(fresh);
    }
    await migrateToLatest(fresh);
    const { rows } = await sql<{
      id: string;
      image: string | null;
    }>`select id, image from "user" order by id`.execute(fresh);
    expect(Object.fromEntries(rows.map((row) => [row.id, row.image]))).toEqual({
      good: images.good,
      http: null,
      huge: null,
      none: null,
      script: null,
    });
    await fresh.destroy();
  });
});
