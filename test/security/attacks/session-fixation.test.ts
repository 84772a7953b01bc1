import { beforeAll, describe, expect, it } from "vitest";
import { withTestDatabase } from "@/test/database";
import { CookieJar, callAuth, createVerifiedUser } from "@/test/http";

const getDb = withTestDatabase();
const PASSWORD = "correct horse battery";
const SESSION = "better-auth.session_token";
const VICTIM = "fixation.victim@example.com";
const ATTACKER = "fixation.attacker@example.com";

/** The session token inside the signed cookie value (`token.signature`). */
const tokenOf = (jar: CookieJar) =>
  decodeURIComponent(jar.cookies.get(SESSION) ?? "").split(".")[0];

const sessionOwner = async (token: string | undefined) =>
  (
    await getDb()
      .selectFrom("session")
      .innerJoin("user", "user.id", "session.userId")
      .select("user.email")
      .where("session.token", "=", token ?? "")
      .executeTakeFirst()
  )?.email;

const whoIs = async (jar: CookieJar) =>
  ((await (await callAuth("/get-session", { jar })).json()) as { user?: { email: string } } | null)
    ?.user?.email;

async function signIn(jar: CookieJar, email = VICTIM, password = PASSWORD) {
  const res = await callAuth("/sign-in/email", { method: "POST", jar, json: { email, password } });
  expect(res.status).toBe(200);
  return res;
}

let attackerJar: CookieJar;
beforeAll(async () => {
  await createVerifiedUser(VICTIM);
  attackerJar = await createVerifiedUser(ATTACKER);
});

describe("session fixation", () => {
  it("does not adopt an attacker-chosen session cookie sent with the sign-in", async () => {
    const jar = new CookieJar();
    const chosen = "attackerchosentoken0000000000000";
    jar.cookies.set(SESSION, chosen);
    await signIn(jar);
    expect(tokenOf(jar)).not.toBe(chosen);
    expect(await sessionOwner(chosen)).toBeUndefined();
    expect(await sessionOwner(tokenOf(jar))).toBe(VICTIM);
  });

  it("issues a new token when the browser already holds the attacker's live session, which stays the attacker's", async () => {
    // The attacker planted their own signed-in cookies in the victim's browser.
    const jar = new CookieJar();
    for (const [name, value] of attackerJar.cookies) jar.cookies.set(name, value);
    const planted = tokenOf(attackerJar);
    await signIn(jar);
    expect(tokenOf(jar)).not.toBe(planted);
    expect(await whoIs(jar)).toBe(VICTIM);
    // The attacker's copy of the planted token never becomes the victim's session.
    expect(await sessionOwner(planted)).toBe(ATTACKER);
    expect(await whoIs(attackerJar)).toBe(ATTACKER);
  });

  it("gives every sign-in a token never seen before, even over the same user's live session", async () => {
    const jar = new CookieJar();
    const seen = new Set<string | undefined>();
    for (let i = 0; i < 3; i++) {
      await signIn(jar);
      expect(seen.has(tokenOf(jar))).toBe(false);
      seen.add(tokenOf(jar));
    }
  });

  it("kills every token issued before a password change, on this device and the others", async () => {
    const email = "fixation.changer@example.com";
    const here = await createVerifiedUser(email);
    const elsewhere = new CookieJar();
    await signIn(elsewhere, email);
    const before = [tokenOf(here), tokenOf(elsewhere)];
    const signedCookies = [here.cookies.get(SESSION), elsewhere.cookies.get(SESSION)];
    const changed = await callAuth("/change-password", {
      method: "POST",
      jar: here,
      json: {
        currentPassword: PASSWORD,
        newPassword: "a fresh passphrase",
        revokeOtherSessions: true,
      },
    });
    expect(changed.status).toBe(200);
    expect(before).not.toContain(tokenOf(here));
    for (const token of before) expect(await sessionOwner(token)).toBeUndefined();
    // Presenting an old token alone (no access JWT to lean on) finds no session.
    for (const cookie of signedCookies) {
      const stale = new CookieJar();
      stale.cookies.set(SESSION, cookie ?? "");
      expect(await whoIs(stale)).toBeUndefined();
    }
    expect(await whoIs(here)).toBe(email);
  });
});
