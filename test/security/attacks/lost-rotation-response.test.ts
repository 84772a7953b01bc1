import { describe, expect, it } from "vitest";
import { auth } from "@/lib/auth";
import { hashToken } from "@/lib/sessions/token-hash";
import { withTestDatabase } from "@/test/database";
import { CookieJar, callAuth, createVerifiedUser, request } from "@/test/http";
import { settleBackgroundTasks } from "@/test/process-state";

const getDb = withTestDatabase();
const PASSWORD = "correct horse battery";
const SESSION = "better-auth.session_token";
const REUSE_SUBJECT = "A device was signed out of Todos for your safety";
const TRIALS = 20;

const rawToken = (signed: string | null | undefined) =>
  decodeURIComponent(signed ?? "").split(".")[0] ?? "";

/** A browser whose access cookie expired: it renews with its session cookie alone. */
function renewingBrowser(signedToken: string | undefined): CookieJar {
  const jar = new CookieJar();
  jar.cookies.set(SESSION, signedToken ?? "");
  return jar;
}

async function signIn(email: string): Promise<CookieJar> {
  const jar = new CookieJar();
  const res = await callAuth("/sign-in/email", {
    method: "POST",
    jar,
    json: { email, password: PASSWORD },
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  return jar;
}

/** The renewal reaches the server and rotates, but its response never reaches the client. */
async function renewAndLoseResponse(jar: CookieJar) {
  await auth().handler(await request("/api/auth/get-session", { jar }));
}

/** The client comes back after the grace: as if `seconds` had passed since the rotation. */
async function rotatedAgo(signedToken: string | undefined, seconds: number) {
  await getDb()
    .updateTable("retired_session_token")
    .set({ retired_at: new Date(Date.now() - seconds * 1000) })
    .where("token_hash", "=", hashToken(rawToken(signedToken)))
    .execute();
}

async function sessionExists(sessionId: string) {
  const row = await getDb()
    .selectFrom("session")
    .select(["id", "token"])
    .where("id", "=", sessionId)
    .executeTakeFirst();
  return row;
}

async function sessionIdOf(jar: CookieJar) {
  const row = await getDb()
    .selectFrom("session")
    .select("id")
    .where("token", "=", rawToken(jar.cookies.get(SESSION)))
    .executeTakeFirstOrThrow();
  return row.id;
}

async function reuseAlarms(email: string) {
  await settleBackgroundTasks();
  const rows = await getDb()
    .selectFrom("outbox")
    .select("id")
    .where("to", "=", email)
    .where("subject", "=", REUSE_SUBJECT)
    .execute();
  return rows.length;
}

describe("a rotation response lost in flight is no theft alarm", () => {
  it(`over ${TRIALS} browsers whose renewal response was lost: 0 false alarms, each gets its successor`, async () => {
    const email = "lost-response@example.com";
    await createVerifiedUser(email);
    let falseAlarms = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      const browser = renewingBrowser((await signIn(email)).cookies.get(SESSION));
      const old = browser.cookies.get(SESSION);
      const id = await sessionIdOf(browser);
      await renewAndLoseResponse(browser);
      await rotatedAgo(old, 31 + trial * 25); // from just after the grace to ~8.5 minutes

      const res = await callAuth("/get-session", { jar: browser });
      const body = await res.json();
      const row = await sessionExists(id);
      if (!row || body?.user.email !== email) falseAlarms++;
      expect(rawToken(browser.cookies.get(SESSION))).toBe(row?.token);
    }
    expect(falseAlarms).toBe(0);
    expect(await reuseAlarms(email)).toBe(0);
  });

  it("a bearer device whose /token response was lost gets its successor at /token", async () => {
    const email = "lost-bearer@example.com";
    const device = await createVerifiedUser(email);
    const old = device.cookies.get(SESSION);
    const id = await sessionIdOf(device);
    await auth().handler(
      await request("/api/auth/token", { headers: { authorization: `Bearer ${old}` } }),
    );
    await rotatedAgo(old, 90);
    const res = await callAuth("/token", { headers: { authorization: `Bearer ${old}` } });
    expect(res.status).toBe(200);
    expect(rawToken(res.headers.get("set-auth-token"))).toBe((await sessionExists(id))?.token);
    expect(await reuseAlarms(email)).toBe(0);
  });
});

describe("real reuse still revokes the session and tells the owner", () => {
  it("once the successor was used, the old token is reuse", async () => {
    const email = "reuse-after-use@example.com";
    const owner = renewingBrowser((await createVerifiedUser(email)).cookies.get(SESSION));
    const stolen = owner.cookies.get(SESSION);
    const id = await sessionIdOf(owner);
    await callAuth("/get-session", { jar: owner });
    await callAuth("/get-session", { jar: renewingBrowser(owner.cookies.get(SESSION)) });
    await rotatedAgo(stolen, 60);

    const res = await callAuth("/get-session", { jar: renewingBrowser(stolen) });
    expect(await res.json()).toBeNull();
    expect(await sessionExists(id)).toBeUndefined();
    expect(await reuseAlarms(email)).toBe(1);
  });

  it("of two holders of the same old token, only the first recovers; the second is reuse", async () => {
    const email = "reuse-two-holders@example.com";
    const owner = renewingBrowser((await createVerifiedUser(email)).cookies.get(SESSION));
    const old = owner.cookies.get(SESSION);
    const id = await sessionIdOf(owner);
    await renewAndLoseResponse(owner);
    await rotatedAgo(old, 60);
    const [first, second] = [renewingBrowser(old), renewingBrowser(old)];
    expect((await (await callAuth("/get-session", { jar: first })).json())?.user.email).toBe(email);
    expect(await (await callAuth("/get-session", { jar: second })).json()).toBeNull();
    expect(await sessionExists(id)).toBeUndefined();
    expect(await reuseAlarms(email)).toBe(1);
  });

  it("concurrent holders of the same old token: at most one recovers", async () => {
    const email = "reuse-racing-holders@example.com";
    const owner = renewingBrowser((await createVerifiedUser(email)).cookies.get(SESSION));
    const old = owner.cookies.get(SESSION);
    await renewAndLoseResponse(owner);
    await rotatedAgo(old, 60);
    const bodies = await Promise.all(
      [1, 2, 3].map(async () =>
        (await callAuth("/get-session", { jar: renewingBrowser(old) })).json(),
      ),
    );
    expect(bodies.filter((body) => body?.user).length).toBeLessThanOrEqual(1);
    expect(await reuseAlarms(email)).toBe(1);
  });

  it("a token handed out by a recovery is never recovered itself (two holders taking turns)", async () => {
    const email = "reuse-ping-pong@example.com";
    const owner = renewingBrowser((await createVerifiedUser(email)).cookies.get(SESSION));
    const t0 = owner.cookies.get(SESSION);
    const id = await sessionIdOf(owner);
    // The owner renewed and got t1; a thief holding t0 comes back and recovers t1 too.
    await callAuth("/get-session", { jar: owner });
    const t1 = owner.cookies.get(SESSION);
    await rotatedAgo(t0, 60);
    const thief = renewingBrowser(t0);
    expect((await (await callAuth("/get-session", { jar: thief })).json())?.user.email).toBe(email);
    expect(thief.cookies.get(SESSION)).toBe(t1);
    // The owner renews t1 -> t2; the thief's t1 comes back after the grace: reuse, not recovery.
    await callAuth("/get-session", { jar: renewingBrowser(t1) });
    await rotatedAgo(t1, 60);
    expect(await (await callAuth("/get-session", { jar: renewingBrowser(t1) })).json()).toBeNull();
    expect(await sessionExists(id)).toBeUndefined();
    expect(await reuseAlarms(email)).toBe(1);
  });

  it("after the recovery window the old token is reuse", async () => {
    const email = "reuse-too-late@example.com";
    const owner = renewingBrowser((await createVerifiedUser(email)).cookies.get(SESSION));
    const old = owner.cookies.get(SESSION);
    const id = await sessionIdOf(owner);
    await renewAndLoseResponse(owner);
    await rotatedAgo(old, 11 * 60);
    expect(await (await callAuth("/get-session", { jar: owner })).json()).toBeNull();
    expect(await sessionExists(id)).toBeUndefined();
    expect(await reuseAlarms(email)).toBe(1);
  });
});
