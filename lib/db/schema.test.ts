import { getMigrations } from "better-auth/db/migration";
import { describe, expect, it } from "vitest";
import { auth } from "@/lib/auth";
import { withTestDatabase } from "@/test/database";

withTestDatabase();

describe("migrations", () => {
  it("create every table and column Better Auth expects", async () => {
    const { toBeCreated, toBeAdded } = await getMigrations(auth().options);
    expect(toBeCreated).toEqual([]);
    expect(toBeAdded).toEqual([]);
  });
});
