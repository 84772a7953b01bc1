import { describe, expect, it } from "vitest";
import { auth } from "@/lib/auth";
import { withTestDatabase } from "@/test/database";
import { request } from "@/test/http";

const getDb = withTestDatabase();

describe("the access-token signing key", () => {
  it("is minted once when many requests (or instances) find none at the same moment", async () => {
    const answers = await Promise.all(
      Array.from({ length: 6 }, async () =>
        (await auth().handler(await request("/api/auth/jwks"))).json(),
      ),
    );
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    expect(answers[0].keys).toHaveLength(1);
    expect(await getDb().selectFrom("jwks").select("id").execute()).toHaveLength(1);
  });
});
