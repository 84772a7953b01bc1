import { describe, expect, it } from "vitest";
import { checkProviderIdentity } from "@/lib/auth/provider-identity";
import { db } from "@/lib/db";
import { withTestDatabase } from "@/test/database";
import { CookieJar, callAuth, createVerifiedUser } from "@/test/http";
import { landing, signInWithProvider, withTestProvider } from "@/test/oauth/flow";

withTestDatabase();
const provider = withTestProvider();

const ATTACKERS_PASSWORD = "the attacker's own passphrase";

const userByEmail = (email: string) =>
  db().selectFrom("user").selectAll().where("email", "=", email).executeTakeFirst();
const providersOf = async (email: string) =>
  (
    await db()
      .selectFrom("account")
      .innerJoin("user", "user.id", "account.userId")
      .select("account.providerId")
      .where("user.email", "=", email)
      .execute()
  )
    .map((row) => row.providerId)
    .sort();

async function sessionEmail(jar: CookieJar) {
  const response = await callAuth("/get-session", { jar });
  return ((await response.json()) as { user?: { email: string } } | null)?.user?.email;
}

const passwordSignIn = (email: string, password: string) =>
  callAuth("/sign-in/email", { method: "POST", jar: new CookieJar(), json: { email, password } });

describe("pre-account takeover: a password set on an address never proven", () => {
  it("is dropped when the address's owner continues with a provider that verified it", async () => {
    const email = "victim-pre@example.com";
    const signUp = await callAuth("/sign-up/email", {
      method: "POST",
      jar: new CookieJar(),
      json: { name: "Attacker", email, password: ATTACKERS_PASSWORD, callbackURL: "/todos" },
    });
    expect(signUp.status).toBe(200);

    provider().signInAs({ sub: "victim-sub", email, email_verified: true });
    const victim = new CookieJar();
    expect(landing(await signInWithProvider(victim)).path).toBe("/todos");
    expect(await sessionEmail(victim)).toBe(email);

    // The attacker's password no longer opens the account, now verified and the victim's.
    const attempt = await passwordSignIn(email, ATTACKERS_PASSWORD);
    expect(attempt.status).toBe(401);
    expect(await providersOf(email)).toEqual(["oidc"]);
    expect((await userByEmail(email))?.emailVerified).toBe(true);
  });
});

describe("linking by an address the provider has not verified", () => {
  it("never joins an existing account, and signs no one in", async () => {
    const email = "owner-unverified@example.com";
    await createVerifiedUser(email);
    provider().signInAs({ sub: "claims-owner", email, email_verified: false });
    const attacker = new CookieJar();
    const response = await signInWithProvider(attacker);
    // Better Auth's own check answers first here (an untrusted provider, an unverified address).
    expect(landing(response)).toMatchObject({ path: "/sign-in", error: "account_not_linked" });
    expect(await sessionEmail(attacker)).toBeUndefined();
    expect(await providersOf(email)).toEqual(["credential"]);
  });

  it("joins an existing verified account only when the provider verified the address", async () => {
    const email = "owner-verified@example.com";
    await createVerifiedUser(email);
    provider().signInAs({ sub: "really-owner", email, email_verified: true });
    expect(landing(await signInWithProvider(new CookieJar())).path).toBe("/todos");
    expect(await providersOf(email)).toEqual(["credential", "oidc"]);
  });

  it("accepts no identity from a provider that is not ours, whatever it says of the address", async () => {
    const verdict = await checkProviderIdentity(
      {
        user: { email: "someone@example.com", emailVerified: true },
        source: { method: "oauth", action: "link-account", oauth: { providerId: "facebook" } },
      },
      {} as never,
    );
    expect(verdict).toMatchObject({ error: "untrusted_provider" });
  });
});
