import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/test/database";
import { callAuth, createVerifiedUser } from "@/test/http";

const getDb = withTestDatabase();

describe("the HTTP API holds names to the forms' rule", () => {
  it.each(["x".repeat(101), "   ", ""])(
    "refuses update-user with the name %j, changing nothing",
    async (name) => {
      const jar = await createVerifiedUser(`name-${name.length}-${name.trim().length}@example.com`);
      const res = await callAuth("/update-user", { method: "POST", jar, json: { name } });
      expect(res.status).toBe(400);
      expect((await res.json()).code).toBe("INVALID_NAME");
      const names = await getDb().selectFrom("user").select("name").execute();
      expect(names.map((row) => row.name)).not.toContain(name);
    },
  );

  it("refuses a sign-up whose name is 10,000 characters, creating nobody", async () => {
    const res = await callAuth("/sign-up/email", {
      method: "POST",
      json: {
        name: "n".repeat(10_000),
        email: "long-name@example.com",
        password: "a good long passphrase",
      },
    });
    expect(res.status).toBe(400);
    const row = await getDb()
      .selectFrom("user")
      .select("id")
      .where("email", "=", "long-name@example.com")
      .executeTakeFirst();
    expect(row).toBeUndefined();
  });
});
