import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { withTestDatabase } from "@/test/database";
import { CookieJar, callAuth, createVerifiedUser, latestEmailTo } from "@/test/http";
import {
  landing,
  OIDC_CALLBACK,
  signInWithProvider,
  startSignIn,
  withTestProvider,
} from "@/test/oauth/flow";
import { settleBackgroundTasks } from "@/test/process-state";

withTestDatabase();
const provider = withTestProvider("Test IdP");

const CHROME =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

const userByEmail = (email: string) =>
  db().selectFrom("user").selectAll().where("email", "=", email).executeTakeFirst();

const accountsOf = (userId: string) =>
  db().selectFrom("account").selectAll().where("userId", "=", userId).execute();

async function sessionUser(jar: CookieJar) {
  const response = await callAuth("/get-session", { jar });
  return ((await response.json()) as { user?: { email: string } } | null)?.user;
}

describe("sign-in with an OpenID Connect provider (genericOAuth, providerId oidc)", () => {
  it("sends the browser to the provider with our callback, PKCE (S256), state and a nonce", async () => {
    const url = await startSignIn(new CookieJar());
    expect(url.origin).toBe(provider().issuer);
    expect(url.searchParams.get("client_id")).toBe(provider().clientId);
    expect(url.searchParams.get("redirect_uri")).toBe(OIDC_CALLBACK);
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("state")).toBeTruthy();
    expect(url.searchParams.get("nonce")).toBeTruthy();
    expect(url.searchParams.get("scope")?.split(" ")).toEqual(
      expect.arrayContaining(["openid", "email", "profile"]),
    );
  });

  it("signs a new user in after consent, with a verified address, no password and no stored provider token", async () => {
    provider().signInAs({ sub: "u-1", email: "oidc.one@example.com", email_verified: true });
    const jar = new CookieJar();
    const response = await signInWithProvider(jar);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/todos");
    expect((await sessionUser(jar))?.email).toBe("oidc.one@example.com");

    const user = await userByEmail("oidc.one@example.com");
    expect(user?.emailVerified).toBe(true);
    const accounts = await accountsOf(user?.id ?? "");
    expect(accounts.map((a) => [a.providerId, a.accountId])).toEqual([["oidc", "u-1"]]);
    expect(accounts[0]).toMatchObject({ accessToken: null, refreshToken: null, idToken: null });
    // The exchange named the same callback as the authorization request, with the PKCE verifier.
    expect(provider().tokenRequests.at(-1)).toMatchObject({
      accepted: true,
      redirectUri: OIDC_CALLBACK,
    });
  });

  it("records 'Signed in with <name>' in the activity log, and the device in the device list", async () => {
    provider().signInAs({ sub: "u-2", email: "oidc.two@example.com", email_verified: true });
    const jar = new CookieJar();
    await signInWithProvider(jar);
    await settleBackgroundTasks();
    const user = await userByEmail("oidc.two@example.com");
    const events = await db()
      .selectFrom("auth_event")
      .select(["type", "detail"])
      .where("user_id", "=", user?.id ?? "")
      .execute();
    expect(events).toContainEqual({ type: "sign_in", detail: "Test IdP" });
    const sessions = await callAuth("/list-sessions", { jar });
    expect(((await sessions.json()) as unknown[]).length).toBe(1);
  });

  it("gives the same session model as a password: its token rotates on renewal", async () => {
    provider().signInAs({ sub: "u-rot", email: "oidc.rotate@example.com", email_verified: true });
    const jar = new CookieJar();
    await signInWithProvider(jar);
    const before = jar.cookies.get("better-auth.session_token");
    expect(before).toBeTruthy();
    // A device that lost its access JWT renews with its session token alone.
    const device = new CookieJar();
    device.cookies.set("better-auth.session_token", before ?? "");
    const renewed = await callAuth("/get-session", { jar: device });
    expect(renewed.status).toBe(200);
    expect(device.cookies.get("better-auth.session_token")).not.toBe(before);
    expect((await sessionUser(device))?.email).toBe("oidc.rotate@example.com");
  });

  it("signs a returning user in to the same account", async () => {
    provider().signInAs({ sub: "u-3", email: "oidc.three@example.com", email_verified: true });
    await signInWithProvider(new CookieJar());
    const first = await userByEmail("oidc.three@example.com");
    const jar = new CookieJar();
    await signInWithProvider(jar);
    expect((await sessionUser(jar))?.email).toBe("oidc.three@example.com");
    expect((await accountsOf(first?.id ?? "")).length).toBe(1);
  });

  it("emails the owner when a provider sign-in comes from a device never seen before", async () => {
    provider().signInAs({ sub: "u-4", email: "oidc.four@example.com", email_verified: true });
    await signInWithProvider(new CookieJar(), { headers: { "user-agent": CHROME } });
    await settleBackgroundTasks();
    expect(await latestEmailTo("oidc.four@example.com")).toBeUndefined();
    await signInWithProvider(new CookieJar(), { headers: { "user-agent": FIREFOX } });
    const mail = await latestEmailTo("oidc.four@example.com");
    expect(mail?.text).toMatch(/Firefox/);
  });

  it("joins a verified password account when the provider verified the same address", async () => {
    await createVerifiedUser("both.ways@example.com");
    provider().signInAs({ sub: "u-5", email: "both.ways@example.com", email_verified: true });
    const jar = new CookieJar();
    await signInWithProvider(jar);
    expect((await sessionUser(jar))?.email).toBe("both.ways@example.com");
    const user = await userByEmail("both.ways@example.com");
    expect((await accountsOf(user?.id ?? "")).map((a) => a.providerId).sort()).toEqual([
      "credential",
      "oidc",
    ]);
    const password = await callAuth("/sign-in/email", {
      method: "POST",
      jar: new CookieJar(),
      json: { email: "both.ways@example.com", password: "correct horse battery" },
    });
    expect(password.status).toBe(200);
  });
});

describe("a provider that says no", () => {
  it("brings a denied consent back to /sign-in with its code, keeping next, and makes no account", async () => {
    provider().signInAs({ sub: "u-6", email: "denied@example.com", email_verified: true });
    provider().refuseNext("access_denied");
    const jar = new CookieJar();
    const response = await signInWithProvider(jar, {
      body: { errorCallbackURL: "/sign-in?next=%2Ftodos" },
    });
    expect(response.status).toBe(302);
    const { path, error, url } = landing(response);
    expect([path, error, url.searchParams.get("next")]).toEqual([
      "/sign-in",
      "access_denied",
      "/todos",
    ]);
    expect(await userByEmail("denied@example.com")).toBeUndefined();
    expect(await sessionUser(jar)).toBeUndefined();
  });

  it("refuses an address the provider has not verified, writing no user and no account", async () => {
    provider().signInAs({ sub: "u-7", email: "unverified@example.com", email_verified: false });
    const jar = new CookieJar();
    const response = await signInWithProvider(jar);
    expect(landing(response).error).toBe("email_not_verified");
    expect(await userByEmail("unverified@example.com")).toBeUndefined();
    expect(
      await db().selectFrom("account").select("id").where("accountId", "=", "u-7").execute(),
    ).toEqual([]);
    expect(await sessionUser(jar)).toBeUndefined();
  });
});
