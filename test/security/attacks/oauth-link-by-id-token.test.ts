import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/test/database";
import { type CookieJar, callAuth, createVerifiedUser } from "@/test/http";
import { GOOGLE_CLIENT_ID, withFakeGoogle } from "@/test/oauth/fake-google";

const getDb = withTestDatabase();
const google = withFakeGoogle();

const post = (path: string, jar: CookieJar, json: Record<string, unknown>) =>
  callAuth(path, { method: "POST", jar, json });

describe("connecting a provider by an ID token (Better Auth's /link-social idToken branch)", () => {
  it("is refused, so no provider joins an account without the callback that tells its owner", async () => {
    const email = "link-by-token@example.com";
    const jar = await createVerifiedUser(email);
    const steppedUp = await post("/verify-password", jar, { password: "correct horse battery" });
    expect(steppedUp.status).toBe(200);
    const token = await google().signIdToken({
      aud: GOOGLE_CLIENT_ID,
      sub: "g-link-by-token",
      email,
      email_verified: true,
    });
    const refused = await post("/link-social", jar, { provider: "google", idToken: { token } });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ code: "LINK_BY_PROVIDER_SIGN_IN" });
    const accounts = await getDb().selectFrom("account").select("providerId").execute();
    expect(accounts.map((a) => a.providerId)).toEqual(["credential"]);
  });
});
