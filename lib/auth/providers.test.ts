import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { withTestDatabase } from "@/test/database";
import { CookieJar, callAuth } from "@/test/http";
import { GITHUB_CALLBACK, GITHUB_CLIENT_ID, withFakeGitHub } from "@/test/oauth/fake-github";
import { GOOGLE_CALLBACK, GOOGLE_CLIENT_ID, withFakeGoogle } from "@/test/oauth/fake-google";
import { landing, signInWithProvider, startSignIn } from "@/test/oauth/flow";
import { settleBackgroundTasks } from "@/test/process-state";
import { configuredProviders } from "./providers";

withTestDatabase();
const google = withFakeGoogle();

const github = withFakeGitHub();

const userByEmail = (email: string) =>
  db().selectFrom("user").selectAll().where("email", "=", email).executeTakeFirst();

describe("Google and GitHub through Better Auth's social providers", () => {
  it("shows a button only for each configured provider", () => {
    expect(configuredProviders({ GOOGLE_CLIENT_ID: "x", GITHUB_CLIENT_ID: undefined })).toEqual([
      { id: "google", name: "Google" },
    ]);
    expect(configuredProviders({})).toEqual([]);
  });

  it("sends Google sign-ins to Google with our client, callback, scopes and PKCE", async () => {
    const url = await startSignIn(new CookieJar(), { provider: "google" });
    expect(`${url.origin}${url.pathname}`).toBe("https://accounts.google.com/o/oauth2/v2/auth");
    expect(url.searchParams.get("client_id")).toBe(GOOGLE_CLIENT_ID);
    expect(url.searchParams.get("redirect_uri")).toBe(GOOGLE_CALLBACK);
    expect(url.searchParams.get("scope")?.split(" ").sort()).toEqual([
      "email",
      "openid",
      "profile",
    ]);
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("state")).toBeTruthy();
  });

  it("sends GitHub sign-ins to GitHub with our client, callback and scopes", async () => {
    const url = await startSignIn(new CookieJar(), { provider: "github" });
    expect(`${url.origin}${url.pathname}`).toBe("https://github.com/login/oauth/authorize");
    expect(url.searchParams.get("client_id")).toBe(GITHUB_CLIENT_ID);
    expect(url.searchParams.get("redirect_uri")).toBe(GITHUB_CALLBACK);
    expect(url.searchParams.get("scope")?.split(" ").sort()).toEqual(["read:user", "user:email"]);
    expect(url.searchParams.get("state")).toBeTruthy();
  });

  it("runs the whole Google flow against a stand-in for Google's endpoints", async () => {
    google().signInAs({ sub: "g-1", email: "google.person@example.com", email_verified: true });
    const jar = new CookieJar();
    const response = await signInWithProvider(jar, { provider: "google" });
    expect(landing(response).path).toBe("/todos");
    const session = await callAuth("/get-session", { jar });
    expect(((await session.json()) as { user: { email: string } }).user.email).toBe(
      "google.person@example.com",
    );
    await settleBackgroundTasks();
    const user = await userByEmail("google.person@example.com");
    const events = await db()
      .selectFrom("auth_event")
      .select(["type", "detail"])
      .where("user_id", "=", user?.id ?? "")
      .execute();
    expect(events).toContainEqual({ type: "sign_in", detail: "Google" });
  });
});

describe("GitHub, whose verified flag comes from its emails API", () => {
  it("runs the whole GitHub flow against a stand-in for GitHub's endpoints", async () => {
    github().signInAs({ sub: "4242", email: "octo.person@example.com", email_verified: true });
    const jar = new CookieJar();
    expect(landing(await signInWithProvider(jar, { provider: "github" })).path).toBe("/todos");
    const session = await callAuth("/get-session", { jar });
    expect(((await session.json()) as { user: { email: string } }).user.email).toBe(
      "octo.person@example.com",
    );
  });

  it("refuses a GitHub address GitHub has not verified, writing nothing", async () => {
    github().signInAs({ sub: "4343", email: "octo.unverified@example.com", email_verified: false });
    const response = await signInWithProvider(new CookieJar(), { provider: "github" });
    expect(landing(response)).toMatchObject({ path: "/sign-in", error: "email_not_verified" });
    expect(await userByEmail("octo.unverified@example.com")).toBeUndefined();
  });
});

describe("native apps: signIn.social with a Google ID token", () => {
  const idToken = (claims: Record<string, unknown>) =>
    google().signIdToken({
      aud: GOOGLE_CLIENT_ID,
      sub: "g-native",
      email: "native.person@example.com",
      email_verified: true,
      ...claims,
    });

  it("signs in with an ID token Google signed for our client", async () => {
    const response = await callAuth("/sign-in/social", {
      method: "POST",
      json: { provider: "google", idToken: { token: await idToken({}) } },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { user?: { email: string }; token?: unknown };
    expect(body.user?.email).toBe("native.person@example.com");
  });

  it("refuses an ID token for another app's client, or with an address Google has not verified", async () => {
    for (const claims of [
      {
        aud: "someone-else.apps.googleusercontent.com",
        sub: "g-other",
        email: "other@example.com",
      },
      { sub: "g-unverified", email: "unverified.native@example.com", email_verified: false },
    ]) {
      const response = await callAuth("/sign-in/social", {
        method: "POST",
        json: { provider: "google", idToken: { token: await idToken(claims) } },
      });
      expect(response.status, JSON.stringify(claims)).toBeGreaterThanOrEqual(400);
      expect(await userByEmail(String(claims.email))).toBeUndefined();
    }
  });
});
