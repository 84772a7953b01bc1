import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { RETIRED_TOKEN_KEPT_SECONDS } from "@/lib/sessions/retired-tokens";
import { hashToken } from "@/lib/sessions/token-hash";
import { withTestDatabase } from "@/test/database";
import { CookieJar, callAuth, createVerifiedUser } from "@/test/http";
import { settleBackgroundTasks } from "@/test/process-state";

const getDb = withTestDatabase();
const SESSION = "better-auth.session_token";
const REUSE_SUBJECT = "A device was signed out of Todos for your safety";
const DAY = 24 * 60 * 60;

const rawToken = (signed: string | undefined) =>
  decodeURIComponent(signed ?? "").split(".")[0] ?? "";

/** A renewal with the session cookie alone (the access cookie expired): it rotates the token. */
async function renew(signed: string | undefined): Promise<string | undefined> {
  const jar = new CookieJar();
  jar.cookies.set(SESSION, signed ?? "");
  const res = await callAuth("/get-session", { jar });
  expect((await res.json())?.session).toBeTruthy();
  const next = jar.cookies.get(SESSION);
  expect(rawToken(next)).not.toBe(rawToken(signed));
  return next;
}

async function retiredAgo(signed: string | undefined, seconds: number) {
  await getDb()
    .updateTable("retired_session_token")
    .set({ retired_at: new Date(Date.now() - seconds * 1000) })
    .where("token_hash", "=", hashToken(rawToken(signed)))
    .execute();
}

async function isKept(signed: string | undefined) {
  const row = await getDb()
    .selectFrom("retired_session_token")
    .select("token_hash")
    .where("token_hash", "=", hashToken(rawToken(signed)))
    .executeTakeFirst();
  return row !== undefined;
}

async function sessionIdOf(signed: string | undefined) {
  const row = await getDb()
    .selectFrom("session")
    .select("id")
    .where("token", "=", rawToken(signed))
    .executeTakeFirstOrThrow();
  return row.id;
}

describe("replaced session tokens are pruned once they can no longer matter", () => {
  it("a rotation prunes tokens replaced longer ago than a session lives, any session's, and keeps younger ones", async () => {
    const abandoned = (await createVerifiedUser("abandoned@example.com")).cookies.get(SESSION);
    const abandonedNext = await renew(abandoned);
    const active = (await createVerifiedUser("active@example.com")).cookies.get(SESSION);
    const activeNext = await renew(active);
    await retiredAgo(abandoned, RETIRED_TOKEN_KEPT_SECONDS + DAY);
    await retiredAgo(active, RETIRED_TOKEN_KEPT_SECONDS - DAY);
    expect([await isKept(abandoned), await isKept(active)]).toEqual([true, true]);

    await renew(activeNext);
    expect(await isKept(abandoned)).toBe(false);
    expect(await isKept(active)).toBe(true);
    expect(await isKept(activeNext)).toBe(true);
    // The abandoned device's session itself is untouched: only its old token's row went.
    expect(await sessionIdOf(abandonedNext)).toBeTruthy();
  });

  it("a token replaced 29 days ago and replayed still revokes its live session and tells the owner", async () => {
    const email = "replayed-late@example.com";
    const stolen = (await createVerifiedUser(email)).cookies.get(SESSION);
    const next = await renew(stolen);
    const sessionId = await sessionIdOf(next);
    await retiredAgo(stolen, RETIRED_TOKEN_KEPT_SECONDS - DAY);
    await renew(next); // a rotation, which prunes

    const thief = new CookieJar();
    thief.cookies.set(SESSION, stolen ?? "");
    expect(await (await callAuth("/get-session", { jar: thief })).json()).toBeNull();
    const left = await getDb()
      .selectFrom("session")
      .select("id")
      .where("id", "=", sessionId)
      .execute();
    expect(left).toEqual([]);
    await settleBackgroundTasks();
    const alarms = await getDb()
      .selectFrom("outbox")
      .select("id")
      .where("to", "=", email)
      .where("subject", "=", REUSE_SUBJECT)
      .execute();
    expect(alarms).toHaveLength(1);
  });

  it("a pruned token replayed grants nothing and revokes nothing", async () => {
    const email = "pruned-replay@example.com";
    const old = (await createVerifiedUser(email)).cookies.get(SESSION);
    const next = await renew(old);
    await retiredAgo(old, RETIRED_TOKEN_KEPT_SECONDS + DAY);
    const current = await renew(next);
    expect(await isKept(old)).toBe(false);

    const replay = new CookieJar();
    replay.cookies.set(SESSION, old ?? "");
    const res = await callAuth("/get-session", { jar: replay });
    expect(res.status).toBe(200);
    expect(await res.json()).toBeNull();
    expect(await sessionIdOf(current)).toBeTruthy();
  });

  it("one rotation prunes at most 100 rows, oldest first", async () => {
    const signed = (await createVerifiedUser("many-old@example.com")).cookies.get(SESSION);
    const sessionId = await sessionIdOf(signed);
    await sql`
      insert into retired_session_token (token_hash, session_id, retired_at)
      select 'old-' || n, ${sessionId}, now() - make_interval(secs => ${RETIRED_TOKEN_KEPT_SECONDS + DAY} + n)
      from generate_series(1, 250) n`.execute(getDb());
    await renew(signed);
    const left = await getDb()
      .selectFrom("retired_session_token")
      .select("token_hash")
      .where("token_hash", "like", "old-%")
      .execute();
    const numbers = left.map((row) => Number(row.token_hash.slice(4))).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
  });

  it("signing out removes the session's replaced tokens with it", async () => {
    const jar = await createVerifiedUser("sign-out-prunes@example.com");
    const first = jar.cookies.get(SESSION);
    const next = await renew(first);
    const sessionId = await sessionIdOf(next);
    const signedIn = new CookieJar();
    signedIn.cookies.set(SESSION, next ?? "");
    expect((await callAuth("/sign-out", { method: "POST", jar: signedIn, json: {} })).status).toBe(
      200,
    );
    const rows = await getDb()
      .selectFrom("retired_session_token")
      .select("token_hash")
      .where("session_id", "=", sessionId)
      .execute();
    expect(rows).toEqual([]);
  });
});
