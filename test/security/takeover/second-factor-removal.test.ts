import { sql } from "kysely";
import * as OTPAuth from "otpauth";
import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/test/database";
import { CookieJar, callAuth, createVerifiedUser } from "@/test/http";
import { freshCode } from "@/test/totp";
import { softwarePasskey } from "@/test/webauthn";

const getDb = withTestDatabase();
const PASSWORD = "correct horse battery";
const SESSION = "better-auth.session_token";

const ORIGIN = "http://localhost:3000";

const post = (path: string, jar: CookieJar, json: unknown) =>
  callAuth(path, { method: "POST", jar, json });

async function registerPasskey(jar: CookieJar) {
  const key = softwarePasskey("localhost");
  const options = await callAuth("/passkey/generate-register-options", { jar });
  const response = key.register(await options.json(), ORIGIN);
  expect(
    (await post("/passkey/verify-registration", jar, { response, name: "Phone" })).status,
  ).toBe(200);
  return key;
}

async function provePasskey(jar: CookieJar, key: ReturnType<typeof softwarePasskey>) {
  const options = await callAuth("/passkey/generate-authenticate-options", { jar });
  const response = key.authenticate(await options.json(), ORIGIN);
  return post("/passkey/verify-authentication", jar, { response });
}

/** The owner turns the app on (a passkey added first, if asked); days later a thief holds a copy of that session and the password. */
async function ownerWithApp(email: string, { withPasskey = false } = {}) {
  const owner = await createVerifiedUser(email, PASSWORD);
  const passkey = withPasskey ? await registerPasskey(owner) : undefined;
  const enabled = await post("/two-factor/enable", owner, { password: PASSWORD });
  const { totpURI, backupCodes } = (await enabled.json()) as {
    totpURI: string;
    backupCodes: string[];
  };
  const app = OTPAuth.URI.parse(totpURI) as OTPAuth.TOTP;
  expect(
    (await post("/two-factor/verify-totp", owner, { code: await freshCode(app) })).status,
  ).toBe(200);
  await getDb().updateTable("session").set({ verifiedAt: sql`now() - interval '1 day'` }).execute();
  const thief = new CookieJar();
  thief.cookies.set(SESSION, owner.cookies.get(SESSION) ?? "");
  return { owner, thief, app, backupCodes, passkey, secret: app.secret.base32 };
}

async function appIsOn(email: string) {
  const row = await getDb()
    .selectFrom("user")
    .leftJoin("twoFactor", "twoFactor.userId", "user.id")
    .select(["user.twoFactorEnabled", "twoFactor.id as appId"])
    .where("user.email", "=", email)
    .executeTakeFirstOrThrow();
  return Boolean(row.twoFactorEnabled) && row.appId !== null;
}

async function expectStepUpBeyondPassword(res: Response) {
  expect(res.status).toBe(403);
  const body = (await res.json()) as { code: string; message: string };
  expect(body.code).toBe("SESSION_NOT_FRESH");
  expect(body.message).toMatch(/authenticator app, a backup code or a passkey/);
}

describe("a copied session cookie plus the password cannot undo the authenticator app", () => {
  it("a fresh password step-up does not turn the app off, reveal its secret or replace the backup codes", async () => {
    const email = "thief-disable@example.com";
    const { thief, secret, backupCodes } = await ownerWithApp(email);
    expect((await post("/verify-password", thief, { password: PASSWORD })).status).toBe(200);

    await expectStepUpBeyondPassword(
      await post("/two-factor/disable", thief, { password: PASSWORD }),
    );
    const uri = await post("/two-factor/get-totp-uri", thief, { password: PASSWORD });
    const uriText = await uri.text();
    expect(uri.status).toBe(403);
    expect(uriText).not.toContain(secret);
    await expectStepUpBeyondPassword(
      await post("/two-factor/generate-backup-codes", thief, { password: PASSWORD }),
    );
    // Nor can the thief add a passkey, which would sign in without the app from then on.
    await expectStepUpBeyondPassword(
      await callAuth("/passkey/generate-register-options", { jar: thief }),
    );

    expect(await appIsOn(email)).toBe(true);
    const signIn = new CookieJar();
    const res = await post("/sign-in/email", signIn, { email, password: PASSWORD });
    expect(await res.json()).toMatchObject({ twoFactorRedirect: true });
    expect(
      (await post("/two-factor/verify-backup-code", signIn, { code: backupCodes[0] })).status,
    ).toBe(200);
  });

  it("the owner turns the app off after proving a code, but not with a code proved 16 minutes ago", async () => {
    const email = "owner-disable@example.com";
    const { owner, app } = await ownerWithApp(email);
    expect(
      (await post("/two-factor/verify-totp", owner, { code: await freshCode(app) })).status,
    ).toBe(200);
    await getDb()
      .updateTable("session")
      .set({ verifiedAt: sql`now() - interval '16 minutes'` })
      .execute();
    await expectStepUpBeyondPassword(
      await post("/two-factor/disable", owner, { password: PASSWORD }),
    );
    expect(await appIsOn(email)).toBe(true);

    expect(
      (await post("/two-factor/verify-totp", owner, { code: await freshCode(app) })).status,
    ).toBe(200);
    expect((await post("/two-factor/disable", owner, { password: PASSWORD })).status).toBe(200);
    expect(await appIsOn(email)).toBe(false);
  });

  it("a password proved after the code takes the code's place: the app stays on", async () => {
    const email = "downgrade@example.com";
    const { owner, app } = await ownerWithApp(email);
    expect(
      (await post("/two-factor/verify-totp", owner, { code: await freshCode(app) })).status,
    ).toBe(200);
    expect((await post("/verify-password", owner, { password: PASSWORD })).status).toBe(200);
    await expectStepUpBeyondPassword(
      await post("/two-factor/disable", owner, { password: PASSWORD }),
    );
    expect(await appIsOn(email)).toBe(true);
  });

  it("the owner turns the app off after a passkey step-up", async () => {
    const email = "passkey-disable@example.com";
    const { owner, passkey } = await ownerWithApp(email, { withPasskey: true });
    await expectStepUpBeyondPassword(
      await post("/two-factor/disable", owner, { password: PASSWORD }),
    );
    expect((await provePasskey(owner, passkey as ReturnType<typeof softwarePasskey>)).status).toBe(
      200,
    );
    expect((await post("/two-factor/disable", owner, { password: PASSWORD })).status).toBe(200);
    expect(await appIsOn(email)).toBe(false);
  });
});
