import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { withTestDatabase } from "@/test/database";
import { CookieJar, callAuth, createVerifiedUser } from "@/test/http";
import { GOOGLE_CALLBACK, GOOGLE_CLIENT_ID, withFakeGoogle } from "@/test/oauth/fake-google";
import {
  authorize,
  callback,
  landing,
  OIDC_CALLBACK,
  signInWithProvider,
  startSignIn,
  withTestProvider,
} from "@/test/oauth/flow";

withTestDatabase();
const provider = withTestProvider();
const google = withFakeGoogle();

const ATTACKER = { sub: "attacker-sub", email: "attacker@example.com", email_verified: true };

const sessionCount = async () =>
  Number(
    (
      await db()
        .selectFrom("session")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function sessionEmail(jar: CookieJar) {
  const response = await callAuth("/get-session", { jar });
  return ((await response.json()) as { user?: { email: string } } | null)?.user?.email;
}

/** Copies a jar: the same browser's cookies at this moment. */
const copyOf = (jar: CookieJar) => {
  const copy = new CookieJar();
  for (const [name, value] of jar.cookies) copy.cookies.set(name, value);
  return copy;
};

describe("login CSRF: the attacker's callback opened in the victim's browser", () => {
  it("signs the victim's browser into nothing: the state belongs to the attacker's browser", async () => {
    provider().signInAs(ATTACKER);
    const attackersBrowser = new CookieJar();
    const attackersCallback = await authorize(await startSignIn(attackersBrowser));
    // The victim's browser, already signed in to its own account, follows the attacker's link.
    const victim = await createVerifiedUser("csrf-victim@example.com");
    const before = await sessionCount();
    const response = await callback(attackersCallback, victim);
    expect(landing(response).path).toBe("/sign-in");
    expect(landing(response).error).toMatch(/state/);
    expect(await sessionEmail(victim)).toBe("csrf-victim@example.com");
    expect(await sessionCount()).toBe(before);
  });

  it("(control) the same kind of link works in the browser that started it", async () => {
    provider().signInAs(ATTACKER);
    const browser = new CookieJar();
    const response = await callback(await authorize(await startSignIn(browser)), browser);
    expect(landing(response).path).toBe("/todos");
    expect(await sessionEmail(browser)).toBe(ATTACKER.email);
  });
});

describe("state, PKCE and code tampering", () => {
  it("refuses a replayed callback: its state and its code are used up", async () => {
    provider().signInAs({ sub: "replay", email: "replay@example.com", email_verified: true });
    const browser = new CookieJar();
    const url = await authorize(await startSignIn(browser));
    const cookiesAtCallback = copyOf(browser);
    expect(landing(await callback(url, browser)).path).toBe("/todos");
    const before = await sessionCount();
    const replay = await callback(url, cookiesAtCallback);
    expect(landing(replay).path).toBe("/sign-in");
    expect(landing(replay).error).toBeTruthy();
    expect(await sessionCount()).toBe(before);
  });

  it("refuses a callback without state, or with a state that was never issued", async () => {
    provider().signInAs({ sub: "nostate", email: "nostate@example.com", email_verified: true });
    const browser = new CookieJar();
    const url = await authorize(await startSignIn(browser));
    const before = await sessionCount();
    for (const state of [null, "forged-state-value"]) {
      const tampered = new URL(url);
      if (state) tampered.searchParams.set("state", state);
      else tampered.searchParams.delete("state");
      const response = await callback(tampered, copyOf(browser));
      expect(landing(response).path, String(state)).toBe("/sign-in");
      expect(landing(response).error, String(state)).toBeTruthy();
    }
    expect(await sessionCount()).toBe(before);
  });

  it("refuses an injected code issued for another PKCE challenge (the attacker's own authorization)", async () => {
    provider().signInAs(ATTACKER);
    const attackersCode = (await authorize(await startSignIn(new CookieJar()))).searchParams.get(
      "code",
    );
    const victim = new CookieJar();
    const victimsCallback = await authorize(await startSignIn(victim));
    victimsCallback.searchParams.set("code", attackersCode ?? "");
    const response = await callback(victimsCallback, victim);
    expect(landing(response)).toMatchObject({ path: "/sign-in", error: "invalid_code" });
    // The provider refused the exchange: the victim's verifier does not answer the attacker's challenge.
    expect(provider().tokenRequests.some((r) => r.code === attackersCode && r.accepted)).toBe(
      false,
    );
    expect(await sessionEmail(victim)).toBeUndefined();
  });

  it("always sends an S256 challenge, and the verifier that answers it at the token endpoint", async () => {
    provider().signInAs({ sub: "pkce", email: "pkce@example.com", email_verified: true });
    await signInWithProvider(new CookieJar());
    const challenge = provider().authorizations.at(-1)?.searchParams.get("code_challenge");
    const verifier = provider().tokenRequests.at(-1)?.codeVerifier ?? "";
    expect(createHash("sha256").update(verifier).digest("base64url")).toBe(challenge);
  });

  it("the test provider itself refuses a token request without a verifier (so the tests above mean something)", async () => {
    provider().signInAs({ sub: "nover", email: "nover@example.com", email_verified: true });
    const code = (await authorize(await startSignIn(new CookieJar()))).searchParams.get("code");
    const response = await fetch(`${provider().address}/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code: code ?? "",
        redirect_uri: OIDC_CALLBACK,
        client_id: provider().clientId,
        client_secret: provider().clientSecret,
      }),
    });
    expect(response.status).toBe(400);
  });
});

describe("a code or state from one provider never accepted as another's", () => {
  it("refuses a Google code, bound to the OIDC flow's own PKCE challenge, delivered with the OIDC flow's state", async () => {
    // The victim starts "Continue with Test IdP"; the attacker sees its authorization URL and gets
    // a Google code for their own Google account with the same PKCE challenge.
    const victim = new CookieJar();
    const oidcAuthorization = await startSignIn(victim);
    google().signInAs({ sub: "g-attacker", email: "g.attacker@example.com", email_verified: true });
    const googleAuthorization = new URL(`${google().address}/authorize`);
    for (const [key, value] of Object.entries({
      response_type: "code",
      client_id: GOOGLE_CLIENT_ID,
      redirect_uri: GOOGLE_CALLBACK,
      scope: "openid email profile",
      state: "attacker",
      code_challenge: oidcAuthorization.searchParams.get("code_challenge") ?? "",
      code_challenge_method: "S256",
    })) {
      googleAuthorization.searchParams.set(key, value);
    }
    const googleCode = (await authorize(googleAuthorization)).searchParams.get("code") ?? "";
    const mixedUp = new URL(GOOGLE_CALLBACK);
    mixedUp.searchParams.set("code", googleCode);
    mixedUp.searchParams.set("state", oidcAuthorization.searchParams.get("state") ?? "");
    const response = await callback(mixedUp, victim);
    expect(landing(response)).toMatchObject({ path: "/sign-in", error: "provider_mismatch" });
    expect(await sessionEmail(victim)).toBeUndefined();
  });

  it("refuses an OIDC code sent to Google's callback: Google never issued it", async () => {
    provider().signInAs({
      sub: "x-provider",
      email: "x.provider@example.com",
      email_verified: true,
    });
    const browser = new CookieJar();
    const oidcCallback = await authorize(await startSignIn(browser));
    const sentToGoogle = new URL(GOOGLE_CALLBACK);
    sentToGoogle.search = oidcCallback.search;
    const response = await callback(sentToGoogle, browser);
    expect(landing(response).path).toBe("/sign-in");
    expect(await sessionEmail(browser)).toBeUndefined();
  });
});

describe("callbackURL and next pointing off-site", () => {
  it.each([
    ["callbackURL", "https://evil.example/steal"],
    ["callbackURL", "//evil.example/steal"],
    ["errorCallbackURL", "https://evil.example/oops"],
    ["newUserCallbackURL", "https://evil.example/welcome"],
  ])("refuses %s=%s before any provider is contacted", async (field, value) => {
    const before = provider().authorizations.length;
    const response = await callAuth("/sign-in/social", {
      method: "POST",
      jar: new CookieJar(),
      json: { provider: "oidc", callbackURL: "/todos", [field]: value },
    });
    expect(response.status).toBe(403);
    expect(JSON.stringify(await response.json())).not.toContain("evil.example/");
    expect(provider().authorizations.length).toBe(before);
  });
});
