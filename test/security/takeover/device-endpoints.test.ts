import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/test/database";
import { CookieJar, callAuth, createVerifiedUser } from "@/test/http";

const getDb = withTestDatabase();
const PASSWORD = "correct horse battery";
const SESSION = "better-auth.session_token";

const rawToken = (jar: CookieJar) =>
  decodeURIComponent(jar.cookies.get(SESSION) ?? "").split(".")[0] ?? "";

/** An account signed in on two devices: the laptop (from the verification link) and a phone. */
async function twoDevices(email: string) {
  const laptop = await createVerifiedUser(email, PASSWORD);
  const phone = new CookieJar();
  await callAuth("/sign-in/email", {
    method: "POST",
    jar: phone,
    json: { email, password: PASSWORD },
  });
  return { laptop, phone };
}

async function sessionIdOf(jar: CookieJar): Promise<string> {
  const row = await getDb()
    .selectFrom("session")
    .select("id")
    .where("token", "=", rawToken(jar))
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The ids of an account's sessions (every account here is a fresh address). */
async function liveSessions(email?: string) {
  let query = getDb()
    .selectFrom("session")
    .innerJoin("user", "user.id", "session.userId")
    .select("session.id as id");
  if (email) query = query.where("user.email", "=", email);
  return query.orderBy("session.id").execute();
}

async function ageStepUp(jar: CookieJar) {
  await getDb()
    .updateTable("session")
    .set({ verifiedAt: sql`now() - interval '16 minutes'` })
    .where("token", "=", rawToken(jar))
    .execute();
}

describe("Better Auth's device endpoints, answered from inside", () => {
  it("/list-sessions gives opaque handles and the devices page's fields, never a live token", async () => {
    const { laptop, phone } = await twoDevices("list-handles@example.com");
    const res = await callAuth("/list-sessions", { jar: laptop });
    expect(res.status).toBe(200);
    const text = await res.text();
    const tokens = await getDb().selectFrom("session").select("token").execute();
    for (const { token } of tokens) expect(text).not.toContain(token);
    const listed = JSON.parse(text) as Record<string, unknown>[];
    expect(listed.map((device) => device.token)).toEqual([
      await sessionIdOf(laptop),
      await sessionIdOf(phone),
    ]);
    expect(listed[0]).toMatchObject({ current: true, device: expect.any(String) });
    expect(Object.keys(listed[0] ?? {}).sort()).toEqual(
      [
        "createdAt",
        "current",
        "device",
        "expiresAt",
        "id",
        "ipAddress",
        "token",
        "updatedAt",
        "userAgent",
        "userId",
      ].sort(),
    );
  });

  it("a bearer device (no cookies) lists and revokes with its session token in Authorization", async () => {
    const email = "bearer-devices@example.com";
    const { laptop, phone } = await twoDevices(email);
    const bearer = { authorization: `Bearer ${laptop.cookies.get(SESSION)}` };
    const listing = await callAuth("/list-sessions", { headers: bearer });
    expect(listing.status).toBe(200);
    expect(((await listing.json()) as unknown[]).length).toBe(2);
    const revoked = await callAuth("/revoke-session", {
      method: "POST",
      headers: bearer,
      json: { token: await sessionIdOf(phone) },
    });
    expect(revoked.status).toBe(200);
    expect((await liveSessions(email)).map(({ id }) => id)).toEqual([await sessionIdOf(laptop)]);
  });

  it.each([
    ["/list-sessions", "GET"],
    ["/revoke-session", "POST"],
    ["/revoke-sessions", "POST"],
    ["/revoke-other-sessions", "POST"],
  ])(
    "%s asks for the devices page's step-up, in Better Auth's error shape",
    async (path, method) => {
      const { laptop, phone } = await twoDevices(`stale${path.replaceAll("/", "-")}@example.com`);
      await ageStepUp(laptop);
      const before = await liveSessions();
      const res = await callAuth(path, {
        method,
        jar: laptop,
        json: method === "POST" ? { token: await sessionIdOf(phone) } : undefined,
      });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({
        code: "SESSION_NOT_FRESH",
        message: expect.any(String),
      });
      expect(await liveSessions()).toEqual(before);

      // A password proof on this session (as the devices page asks for) opens it.
      const proof = await callAuth("/verify-password", {
        method: "POST",
        jar: laptop,
        json: { password: PASSWORD },
      });
      expect(proof.status).toBe(200);
      const retry = await callAuth(path, {
        method,
        jar: laptop,
        json: method === "POST" ? { token: await sessionIdOf(phone) } : undefined,
      });
      expect(retry.status).toBe(200);
    },
  );

  it("/revoke-session refuses another user's handle, and a live token, the same way as an unknown one", async () => {
    const mine = await twoDevices("revoke-mine@example.com");
    const theirs = await twoDevices("revoke-theirs@example.com");
    const before = await liveSessions();
    const answers = [];
    for (const token of [
      await sessionIdOf(theirs.phone),
      rawToken(theirs.phone),
      rawToken(mine.phone),
      "no-such-session",
    ]) {
      const res = await callAuth("/revoke-session", {
        method: "POST",
        jar: mine.laptop,
        json: { token },
      });
      answers.push([res.status, await res.json()]);
    }
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    expect(answers[0]).toEqual([404, expect.objectContaining({ code: "SESSION_NOT_FOUND" })]);
    expect(await liveSessions()).toEqual(before);
  });

  it("/revoke-session acts on JSON only: a form-encoded or multipart body changes nothing", async () => {
    const email = "revoke-encodings@example.com";
    const { laptop, phone } = await twoDevices(email);
    const before = await liveSessions(email);
    const token = await sessionIdOf(phone);
    const multipart = new FormData();
    multipart.set("token", token);
    for (const body of [new URLSearchParams({ token }), multipart]) {
      const res = await callAuth("/revoke-session", { method: "POST", jar: laptop, body });
      expect(res.status).toBe(415);
    }
    expect(await liveSessions(email)).toEqual(before);
  });

  it("/revoke-session with this device's own handle signs it out and clears its cookie", async () => {
    const email = "revoke-self@example.com";
    const { laptop, phone } = await twoDevices(email);
    const res = await callAuth("/revoke-session", {
      method: "POST",
      jar: laptop,
      json: { token: await sessionIdOf(laptop) },
    });
    expect(res.status).toBe(200);
    expect(laptop.cookies.has(SESSION)).toBe(false);
    expect((await liveSessions(email)).map(({ id }) => id)).toEqual([await sessionIdOf(phone)]);
  });

  it("/revoke-other-sessions keeps this device; /revoke-sessions ends every one, this one too", async () => {
    const email = "revoke-all@example.com";
    const { laptop, phone } = await twoDevices(email);
    const third = new CookieJar();
    await callAuth("/sign-in/email", {
      method: "POST",
      jar: third,
      json: { email: "revoke-all@example.com", password: PASSWORD },
    });
    expect(
      (await callAuth("/revoke-other-sessions", { method: "POST", jar: phone, json: {} })).status,
    ).toBe(200);
    expect((await liveSessions(email)).map(({ id }) => id)).toEqual([await sessionIdOf(phone)]);
    // Every endpoint but get-session (which may answer from the 5-minute access cookie) reads the row.
    const stale = await callAuth("/update-user", {
      method: "POST",
      jar: laptop,
      json: { name: "x" },
    });
    expect(stale.status).toBe(401);

    expect(
      (await callAuth("/revoke-sessions", { method: "POST", jar: phone, json: {} })).status,
    ).toBe(200);
    expect(await liveSessions(email)).toEqual([]);
    expect(phone.cookies.has(SESSION)).toBe(false);
  });

  it("a revoked device's next call to any of them is 401, changing nothing", async () => {
    const { laptop, phone } = await twoDevices("revoked-caller@example.com");
    const { phone: other } = await twoDevices("bystander@example.com");
    await callAuth("/revoke-session", {
      method: "POST",
      jar: laptop,
      json: { token: await sessionIdOf(phone) },
    });
    const before = await liveSessions();
    for (const [path, method] of [
      ["/list-sessions", "GET"],
      ["/revoke-sessions", "POST"],
      ["/revoke-other-sessions", "POST"],
      ["/revoke-session", "POST"],
    ] as const) {
      const res = await callAuth(path, {
        method,
        jar: phone,
        json: method === "POST" ? { token: await sessionIdOf(other) } : undefined,
      });
      expect(res.status, path).toBe(401);
    }
    expect(await liveSessions()).toEqual(before);
  });
});
