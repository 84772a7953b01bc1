import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/test/database";
import { CookieJar, callAuth } from "@/test/http";
import {
  OIDC_CALLBACK,
  signInWithProvider,
  startSignIn,
  withTestProvider,
} from "@/test/oauth/flow";

withTestDatabase();
const provider = withTestProvider();

describe("sign-in with an OpenID Connect provider (genericOAuth, providerId oidc)", () => {
  it("sends the browser to the provider with our callback, PKCE (S256), state and a nonce", async () => {
    const url = await startSignIn(new CookieJar());
    expect(url.origin).toBe(provider().issuer);
    expect(url.searchParams.get("redirect_uri")).toBe(OIDC_CALLBACK);
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("state")).toBeTruthy();
    expect(url.searchParams.get("nonce")).toBeTruthy();
    expect(url.searchParams.get("scope")?.split(" ")).toEqual(
      expect.arrayContaining(["openid", "email", "profile"]),
    );
  });

  it("signs a new user in after consent and lands on callbackURL", async () => {
    provider().signInAs({ sub: "u-1", email: "oidc.one@example.com", email_verified: true });
    const jar = new CookieJar();
    const response = await signInWithProvider(jar);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/todos");
    const session = await callAuth("/get-session", { jar });
    expect(((await session.json()) as { user: { email: string } }).user.email).toBe(
      "oidc.one@example.com",
    );
  });
});
