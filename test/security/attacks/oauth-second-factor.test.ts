import * as OTPAuth from "otpauth";
import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/test/database";
import { CookieJar, callAuth, createVerifiedUser } from "@/test/http";
import { GOOGLE_CLIENT_ID, withFakeGoogle } from "@/test/oauth/fake-google";
import { landing, signInWithProvider, withTestProvider } from "@/test/oauth/flow";
import { freshCode } from "@/test/totp";

withTestDatabase();
const provider = withTestProvider();
const google = withFakeGoogle();

const PASSWORD = "correct horse battery";
const SESSION = "better-auth.session_token";
const ACCESS = "better-auth.session_data";
const CHALLENGE = "better-auth.two_factor";

const post = (path: string, jar: CookieJar, json: Record<string, unknown>) =>
  callAuth(path, { method: "POST", jar, json });

/** A password account with the authenticator app on, as its owner set it up. */
async function withAuthenticator(email: string) {
  const jar = await createVerifiedUser(email);
  const enabled = await post("/two-factor/enable", jar, { password: PASSWORD });
  const app = OTPAuth.URI.parse(((await enabled.json()) as { totpURI: string }).totpURI);
  const confirmed = await post("/two-factor/verify-totp", jar, {
    code: await freshCode(app as OTPAuth.TOTP),
  });
  expect(confirmed.status).toBe(200);
  return app as OTPAuth.TOTP;
}

async function sessionEmail(jar: CookieJar) {
  const response = await callAuth("/get-session", { jar });
  return ((await response.json()) as { user?: { email: string } } | null)?.user?.email;
}

describe("a provider sign-in to an account with an authenticator app", () => {
  it("asks for the code before any session exists, then lands where the sign-in was going", async () => {
    const email = "totp-oidc@example.com";
    const app = await withAuthenticator(email);
    provider().signInAs({ sub: "totp-1", email, email_verified: true });
    const jar = new CookieJar();
    const back = await signInWithProvider(jar);
    expect(landing(back).path).toBe("/sign-in/two-factor");
    expect(landing(back).url.searchParams.get("next")).toBe("/todos");
    expect(jar.cookies.has(SESSION)).toBe(false);
    // The edge trusts the access cookie without the database: none may be set before the code.
    expect(jar.cookies.has(ACCESS)).toBe(false);
    expect(jar.cookies.has(CHALLENGE)).toBe(true);
    expect(await sessionEmail(jar)).toBeUndefined();

    const wrong = await post("/two-factor/verify-totp", jar, { code: "000000" });
    expect(wrong.status).toBe(401);
    expect(await sessionEmail(jar)).toBeUndefined();
    const right = await post("/two-factor/verify-totp", jar, { code: await freshCode(app) });
    expect(right.status).toBe(200);
    expect(await sessionEmail(jar)).toBe(email);
  });

  it("asks a native app's Google ID token sign-in for the code too, and gives its token only after it", async () => {
    const email = "totp-native@example.com";
    const app = await withAuthenticator(email);
    const token = await google().signIdToken({
      aud: GOOGLE_CLIENT_ID,
      sub: "g-totp",
      email,
      email_verified: true,
    });
    const jar = new CookieJar();
    const response = await post("/sign-in/social", jar, { provider: "google", idToken: { token } });
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({ twoFactorRedirect: true, twoFactorMethods: ["totp"] });
    expect(response.headers.get("set-auth-token")).toBeNull();
    expect(jar.cookies.has(SESSION)).toBe(false);
    expect(await sessionEmail(jar)).toBeUndefined();
    // The device answers with only its challenge cookie, and gets its session token as a bearer.
    const challenge = new CookieJar();
    challenge.cookies.set(CHALLENGE, jar.cookies.get(CHALLENGE) ?? "");
    const verified = await post("/two-factor/verify-totp", challenge, {
      code: await freshCode(app),
    });
    expect(verified.status).toBe(200);
    expect(verified.headers.get("set-auth-token")).toBeTruthy();
  });

  it("signs an account without the app straight in, as before", async () => {
    const email = "no-totp-oidc@example.com";
    await createVerifiedUser(email);
    provider().signInAs({ sub: "plain-1", email, email_verified: true });
    const jar = new CookieJar();
    expect(landing(await signInWithProvider(jar)).path).toBe("/todos");
    expect(await sessionEmail(jar)).toBe(email);
  });
});
