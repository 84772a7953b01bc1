import { beforeAll, describe, expect, it } from "vitest";
import { withTestDatabase } from "@/test/database";
import { CookieJar, callAuth, createVerifiedUser } from "@/test/http";

const getDb = withTestDatabase();
const PASSWORD = "correct horse battery";
const VICTIM = "victim@example.com";

/** Origins a forged request could carry: another site, a sandboxed page, and near-misses of this one. */
const FOREIGN_ORIGINS = [
  "https://evil.example",
  "null",
  "http://localhost:3001",
  "https://localhost:3000",
  "http://localhost:3000.evil.example",
];

/** Everything a forged request could change: users, passwords, sessions, mail sent. */
async function snapshot() {
  const db = getDb();
  return {
    users: await db
      .selectFrom("user")
      .select(["id", "name", "email", "emailVerified"])
      .orderBy("id")
      .execute(),
    accounts: await db.selectFrom("account").select(["id", "password"]).orderBy("id").execute(),
    sessions: await db.selectFrom("session").select(["id", "token"]).orderBy("id").execute(),
    outbox: (await db.selectFrom("outbox").select("id").execute()).length,
  };
}

let victim: CookieJar;

beforeAll(async () => {
  victim = await createVerifiedUser(VICTIM);
  // A second device, which a forged sign-out-everywhere or password change would hit too.
  await callAuth("/sign-in/email", { method: "POST", json: { email: VICTIM, password: PASSWORD } });
});

/** Cookie-authenticated state changes a forged page could try with the victim's cookies. */
const WITH_COOKIES: [string, () => Record<string, unknown>][] = [
  ["/sign-out", () => ({})],
  ["/revoke-sessions", () => ({})],
  ["/revoke-other-sessions", () => ({})],
  ["/update-user", () => ({ name: "pwned" })],
  ["/change-password", () => ({ currentPassword: PASSWORD, newPassword: "attacker chose this" })],
  ["/change-email", () => ({ newEmail: "attacker@evil.example", callbackURL: "/settings" })],
  ["/delete-user", () => ({ password: PASSWORD })],
  ["/send-verification-email", () => ({ email: VICTIM, callbackURL: "/todos" })],
  ["/request-password-reset", () => ({ email: VICTIM, redirectTo: "/reset-password" })],
];

/** Requests without cookies that would still act for someone: login CSRF and forged sign-ups. */
const WITHOUT_COOKIES: [string, () => Record<string, unknown>][] = [
  ["/sign-in/email", () => ({ email: VICTIM, password: PASSWORD })],
  [
    "/sign-up/email",
    // A new address each time: the per-address email limit is not what this test is about.
    () => ({
      name: "Forged",
      email: `forged-${Math.random().toString(36).slice(2)}@example.com`,
      password: PASSWORD,
      callbackURL: "/",
    }),
  ],
];

describe("CSRF on Better Auth routes", () => {
  for (const [path, body] of WITH_COOKIES) {
    it(`refuses a cross-origin or Origin: null POST ${path} carrying the session cookies, changing nothing`, async () => {
      for (const origin of FOREIGN_ORIGINS) {
        const before = await snapshot();
        const res = await callAuth(path, {
          method: "POST",
          jar: victim,
          json: body(),
          headers: { origin },
        });
        expect(res.status, `${path} from ${origin}`).toBe(403);
        expect(res.headers.getSetCookie()).toEqual([]);
        expect(await snapshot()).toEqual(before);
      }
      const stillSignedIn = await callAuth("/get-session", { jar: victim });
      expect((await stillSignedIn.json())?.user?.email).toBe(VICTIM);
    });
  }

  for (const [path, body] of WITHOUT_COOKIES) {
    it(`refuses a cross-origin or Origin: null POST ${path}, creating no user and no session`, async () => {
      for (const origin of FOREIGN_ORIGINS) {
        const before = await snapshot();
        const res = await callAuth(path, { method: "POST", json: body(), headers: { origin } });
        expect(res.status, `${path} from ${origin}`).toBe(403);
        expect(res.headers.getSetCookie()).toEqual([]);
        expect(await snapshot()).toEqual(before);
      }
    });
  }

  it("refuses a cross-site form navigation signing in (Sec-Fetch-Site: cross-site, no Origin)", async () => {
    const before = await snapshot();
    const res = await callAuth("/sign-in/email", {
      method: "POST",
      json: { email: VICTIM, password: PASSWORD },
      headers: {
        origin: "",
        "sec-fetch-site": "cross-site",
        "sec-fetch-mode": "navigate",
        "sec-fetch-dest": "document",
      },
    });
    expect(res.status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it("accepts the same requests from this site's own origin (so the refusals above are the Origin check)", async () => {
    const renamed = await callAuth("/update-user", {
      method: "POST",
      jar: victim,
      json: { name: "Renamed" },
    });
    expect(renamed.status).toBe(200);
    const signIn = await callAuth("/sign-in/email", {
      method: "POST",
      jar: new CookieJar(),
      json: { email: VICTIM, password: PASSWORD },
    });
    expect(signIn.status).toBe(200);
  });
});
