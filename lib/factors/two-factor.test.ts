import { sql } from "kysely";
import { NextRequest } from "next/server";
import * as OTPAuth from "otpauth";
import { describe, expect, it, vi } from "vitest";
import { GET as listTodos } from "@/app/api/todos/route";
import { middleware } from "@/middleware";
import { withTestDatabase } from "@/test/database";
import { CookieJar, callAuth, createVerifiedUser, latestEmailTo, request } from "@/test/http";
import { settleBackgroundTasks } from "@/test/process-state";
import { withRateLimitBackend } from "@/test/rate-limit-backend";
import { freshCode } from "@/test/totp";

const getDb = withTestDatabase();
withRateLimitBackend();

const PASSWORD = "correct horse battery";
const SESSION = "better-auth.session_token";
const ACCESS = "better-auth.session_data";
const CHALLENGE = "better-auth.two_factor";

const post = (path: string, jar: CookieJar | undefined, json: unknown) =>
  callAuth(path, { method: "POST", jar, json });

/** Enrols an authenticator app (password, then a code): the app, backup codes and the code used. */
async function enrol(email: string) {
  const jar = await createVerifiedUser(email);
  const enabled = await post("/two-factor/enable", jar, { password: PASSWORD });
  expect(enabled.status).toBe(200);
  const { totpURI, backupCodes } = (await enabled.json()) as {
    totpURI: string;
    backupCodes: string[];
  };
  const app = OTPAuth.URI.parse(totpURI) as OTPAuth.TOTP;
  const enrolmentCode = await freshCode(app);
  const confirmed = await post("/two-factor/verify-totp", jar, { code: enrolmentCode });
  expect(confirmed.status).toBe(200);
  return { jar, app, backupCodes, enrolmentCode };
}

async function passwordStep(email: string, password = PASSWORD) {
  const jar = new CookieJar();
  const res = await post("/sign-in/email", jar, { email, password });
  return { jar, res };
}

const sessionCount = async (email: string) =>
  (
    await getDb()
      .selectFrom("session")
      .innerJoin("user", "user.id", "session.userId")
      .select("session.id")
      .where("user.email", "=", email)
      .execute()
  ).length;

const visit = (path: string, jar: CookieJar) =>
  middleware(
    new NextRequest(new URL(path, "http://localhost:3000"), {
      headers: { cookie: jar.header() },
    }),
  );

describe("the authenticator app", () => {
  it("is enrolled with a code, shows 10 backup codes once, and mails the owner", async () => {
    const email = "enrol@example.com";
    const { backupCodes } = await enrol(email);
    expect(backupCodes).toHaveLength(10);
    expect(new Set(backupCodes).size).toBe(10);
    const row = await getDb()
      .selectFrom("twoFactor")
      .innerJoin("user", "user.id", "twoFactor.userId")
      .select(["twoFactor.backupCodes", "user.twoFactorEnabled"])
      .where("user.email", "=", email)
      .executeTakeFirstOrThrow();
    expect(row.twoFactorEnabled).toBe(true);
    // Stored encrypted: no code appears in the row.
    for (const code of backupCodes) expect(row.backupCodes).not.toContain(code);
    expect((await latestEmailTo(email))?.subject).toBe("Todos: an authenticator app was set up");
  });

  it("refuses a wrong code at enrolment and leaves sign-in unchanged", async () => {
    const email = "half-enrolled@example.com";
    const jar = await createVerifiedUser(email);
    await post("/two-factor/enable", jar, { password: PASSWORD });
    const wrong = await post("/two-factor/verify-totp", jar, { code: "000000" });
    expect(wrong.status).toBe(401);
    const { res } = await passwordStep(email);
    expect(await res.json()).not.toHaveProperty("twoFactorRedirect");
  });
});

describe("signing in with an authenticator app", () => {
  it("asks for the code after a correct password: no session, no access JWT until then", async () => {
    const email = "second-step@example.com";
    const { app } = await enrol(email);
    const before = await sessionCount(email);
    const { jar, res } = await passwordStep(email);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ twoFactorRedirect: true, twoFactorMethods: ["totp"] });
    // GHSA-xg6x-h9c9-2m83: with the cookie cache on, the first step must set no session at all.
    expect(jar.cookies.has(SESSION)).toBe(false);
    expect(jar.cookies.has(ACCESS)).toBe(false);
    expect(jar.cookies.has(CHALLENGE)).toBe(true);
    expect(res.headers.get("set-auth-token")).toBeNull();
    expect(await sessionCount(email)).toBe(before);

    const verified = await post("/two-factor/verify-totp", jar, { code: await freshCode(app) });
    expect(verified.status).toBe(200);
    expect(jar.cookies.has(SESSION)).toBe(true);
    expect(jar.cookies.has(ACCESS)).toBe(true);
    expect(await sessionCount(email)).toBe(before + 1);
  });

  it("gives a half-signed-in browser no access JWT, no todos, no settings and no devices", async () => {
    const email = "half@example.com";
    await enrol(email);
    const { jar } = await passwordStep(email);
    const session = await callAuth("/get-session", { jar });
    expect(await session.json()).toBeNull();
    expect((await callAuth("/token", { jar })).status).toBe(401);
    const todos = await listTodos(await request("/api/todos", { jar }), {
      params: Promise.resolve({}),
    });
    expect(todos.status).toBe(401);
    for (const page of ["/settings", "/settings/sessions", "/settings/security", "/todos"]) {
      const res = await visit(page, jar);
      expect(res.status, page).toBe(307);
      expect(new URL(res.headers.get("location") ?? "").pathname, page).toBe("/sign-in");
    }
    // Its two-factor endpoints that need a session refuse it too.
    expect(
      (await post("/two-factor/generate-backup-codes", jar, { password: PASSWORD })).status,
    ).toBe(401);
  });

  it("accepts each backup code once, and mails the owner when one is used", async () => {
    const email = "backup@example.com";
    const { backupCodes } = await enrol(email);
    const code = backupCodes[0] as string;
    const first = await passwordStep(email);
    expect((await post("/two-factor/verify-backup-code", first.jar, { code })).status).toBe(200);
    expect(first.jar.cookies.has(SESSION)).toBe(true);
    expect((await latestEmailTo(email))?.subject).toBe("Todos: a backup code was used");

    const again = await passwordStep(email);
    const reused = await post("/two-factor/verify-backup-code", again.jar, { code });
    expect(reused.status).toBe(401);
    expect(again.jar.cookies.has(SESSION)).toBe(false);
    const other = await post("/two-factor/verify-backup-code", again.jar, { code: backupCodes[1] });
    expect(other.status).toBe(200);
  });

  it("does not offer a trusted device", async () => {
    const email = "trust@example.com";
    const { app } = await enrol(email);
    const { jar } = await passwordStep(email);
    const res = await post("/two-factor/verify-totp", jar, {
      code: await freshCode(app),
      trustDevice: true,
    });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe("TRUST_DEVICE_NOT_OFFERED");
    expect(jar.cookies.has(SESSION)).toBe(false);
  });
});

describe("guesses", () => {
  it("ends a challenge after 5 wrong codes (Better Auth's own limit stays on)", async () => {
    const email = "challenge@example.com";
    const { app } = await enrol(email);
    const { jar } = await passwordStep(email);
    for (let i = 0; i < 5; i++) {
      expect((await post("/two-factor/verify-totp", jar, { code: "000000" })).status).toBe(401);
    }
    const sixth = await post("/two-factor/verify-totp", jar, { code: await freshCode(app) });
    expect(sixth.status).toBe(400);
    expect((await sixth.json()).code).toBe("TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE");
  });

  it("counts wrong codes and backup codes with wrong passwords against the account", async () => {
    const email = "guesses@example.com";
    const { app } = await enrol(email);
    for (let i = 0; i < 4; i++) await passwordStep(email, "wrong password here");
    // A right password whose code is pending is not refunded until the code is right.
    const { jar } = await passwordStep(email);
    for (let i = 0; i < 3; i++) await post("/two-factor/verify-totp", jar, { code: "000000" });
    for (let i = 0; i < 2; i++) {
      await post("/two-factor/verify-backup-code", jar, { code: "AAAAA-BBBBB" });
    }
    // 10 attempts without a proof: even the right code now waits.
    const limited = await post("/two-factor/verify-totp", jar, { code: await freshCode(app) });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await limited.json()).code).toBe("RATE_LIMITED");
    expect(jar.cookies.has(SESSION)).toBe(false);
  });

  it("a right code gives the account its budget back", async () => {
    const email = "refund@example.com";
    const { app } = await enrol(email);
    for (let i = 0; i < 8; i++) await passwordStep(email, "wrong password here");
    const { jar } = await passwordStep(email);
    expect(
      (await post("/two-factor/verify-totp", jar, { code: await freshCode(app) })).status,
    ).toBe(200);
    for (let i = 0; i < 9; i++) await passwordStep(email, "wrong password here");
    expect((await passwordStep(email)).res.status).toBe(200);
  });

  it("gives step-up code guesses no second budget, even from the owner's own known device", async () => {
    const email = "stolen-jar-guesses@example.com";
    // The victim's whole cookie jar, known-device cookie included, in a thief's hands.
    const { jar } = await enrol(email);
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++)
      statuses.push((await post("/two-factor/verify-totp", jar, { code: "000000" })).status);
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429, 429, 429]);
  });

  it("a wrong code at a step-up counts too, and leaves the session unconfirmed", async () => {
    const email = "step-up-guess@example.com";
    const { jar } = await enrol(email);
    await getDb()
      .updateTable("session")
      .set({ verifiedAt: sql`now() - interval '1 hour'` })
      .execute();
    expect((await post("/two-factor/verify-totp", jar, { code: "000000" })).status).toBe(401);
    const change = await post("/change-email", jar, { newEmail: "elsewhere@example.com" });
    expect(change.status).toBe(403);
  });
});

describe("each authenticator code is accepted once (ASVS V2.8.4)", () => {
  const VERIFY = "/two-factor/verify-totp";
  const staleSessions = () =>
    getDb().updateTable("session").set({ verifiedAt: sql`now() - interval '1 hour'` }).execute();

  it("a code the owner typed at sign-in is refused to someone who saw it, and logged", async () => {
    const email = "replay-sign-in@example.com";
    const { app } = await enrol(email);
    const code = await freshCode(app);
    const owner = await passwordStep(email);
    expect((await post(VERIFY, owner.jar, { code })).status).toBe(200);
    const sessions = await sessionCount(email);

    const onlooker = await passwordStep(email);
    const replay = await post(VERIFY, onlooker.jar, { code });
    expect(replay.status).toBe(401);
    expect((await replay.json()).code).toBe("INVALID_CODE");
    expect(onlooker.jar.cookies.has(SESSION)).toBe(false);
    expect(await sessionCount(email)).toBe(sessions);
    await settleBackgroundTasks();
    const failures = await getDb()
      .selectFrom("auth_event")
      .innerJoin("user", "user.id", "auth_event.user_id")
      .select("auth_event.detail")
      .where("user.email", "=", email)
      .where("auth_event.type", "=", "sign_in_failed")
      .execute();
    expect(failures).toEqual([{ detail: "reused_code" }]);
  });

  it("the enrolment's code cannot sign in, and a step-up's code cannot step up another session", async () => {
    const email = "replay-step-up@example.com";
    const { jar, app, enrolmentCode } = await enrol(email);
    const { jar: phone } = await passwordStep(email);
    expect((await post(VERIFY, phone, { code: enrolmentCode })).status).toBe(401);
    expect((await post(VERIFY, phone, { code: await freshCode(app) })).status).toBe(200);

    await staleSessions();
    const code = await freshCode(app);
    expect((await post(VERIFY, jar, { code })).status).toBe(200);
    expect((await post(VERIFY, phone, { code })).status).toBe(401);
    expect((await post("/change-email", phone, { newEmail: "taken@example.com" })).status).toBe(
      403,
    );
  });

  it("of two sign-ins sent the same code at once, exactly one gets a session", async () => {
    const email = "replay-race@example.com";
    const { app } = await enrol(email);
    const laptop = await passwordStep(email);
    const thief = await passwordStep(email);
    const code = await freshCode(app);
    const answers = await Promise.all(
      [laptop.jar, thief.jar].map((jar) => post(VERIFY, jar, { code })),
    );
    expect(answers.map((res) => res.status).sort()).toEqual([200, 401]);
  });

  it("a right code refused for another reason is not spent: the owner can still type it", async () => {
    const email = "replay-released@example.com";
    const { app } = await enrol(email);
    const { jar } = await passwordStep(email);
    for (let i = 0; i < 5; i++) await post(VERIFY, jar, { code: "000000" });
    const code = await freshCode(app);
    expect((await post(VERIFY, jar, { code })).status).toBe(400); // the challenge has ended
    const again = await passwordStep(email);
    expect((await post(VERIFY, again.jar, { code })).status).toBe(200);
  });

  it("a session that ends while the code is being claimed does not let the challenge's replay through", async () => {
    const email = "replay-mismatch@example.com";
    const { app } = await enrol(email);
    const code = await freshCode(app);
    const owner = await passwordStep(email);
    expect((await post(VERIFY, owner.jar, { code })).status).toBe(200);
    const sessions = await sessionCount(email);

    // The onlooker has the password and their own account, signed in on the same browser.
    const onlooker = await createVerifiedUser("onlooker@example.com");
    const challenge = (await passwordStep(email)).jar.cookies.get(CHALLENGE);
    expect(challenge).toBeTruthy();
    onlooker.cookies.set(CHALLENGE, challenge as string);
    // Their own sign-out lands while the code is being claimed (here made certain by a trigger):
    // the claim was for their account, Better Auth then checks the code for the challenge's.
    const { id: onlookerId } = await getDb()
      .selectFrom("user")
      .select("id")
      .where("email", "=", "onlooker@example.com")
      .executeTakeFirstOrThrow();
    await sql`create function sign_out_during_claim() returns trigger language plpgsql as $$
      begin delete from "session" where "userId" = ${sql.lit(onlookerId)}; return new; end $$`.execute(
      getDb(),
    );
    await sql`create trigger sign_out_during_claim after insert on used_totp_code
      for each row execute function sign_out_during_claim()`.execute(getDb());
    try {
      const replay = await post(VERIFY, onlooker, { code });
      expect(replay.status).toBe(401);
      expect(await sessionCount(email)).toBe(sessions);
    } finally {
      await sql`drop trigger sign_out_during_claim on used_totp_code`.execute(getDb());
      await sql`drop function sign_out_during_claim()`.execute(getDb());
    }
  });
  it("a challenge the database's clock calls expired, and Better Auth's not yet, still spends the code", async () => {
    const email = "replay-skew@example.com";
    const { app } = await enrol(email);
    const code = await freshCode(app);
    const typedAt = new Date();
    const owner = await passwordStep(email);
    expect((await post(VERIFY, owner.jar, { code })).status).toBe(200);
    const sessions = await sessionCount(email);

    // The onlooker's challenge ends 1 ms after the code was typed. The app server's clock runs
    // behind the database host's (drift between two hosts): it still reads the moment the code was
    // typed, so Better Auth takes both the challenge and the code, however slow this machine is.
    // Postgres' own clock is past the end already, on every pooled connection; PGlite runs on
    // this process's (faked) clock, so its now() is set 2 s ahead on its one connection.
    const onlooker = await passwordStep(email);
    const ends = new Date(typedAt.getTime() + 1);
    await getDb()
      .updateTable("verification")
      .set({ expiresAt: ends })
      .where("identifier", "like", "2fa-%")
      .execute();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(typedAt);
    await sql`create function public.now() returns timestamptz language sql stable
      as $$ select pg_catalog.now() + interval '2 seconds' $$`.execute(getDb());
    await sql`set search_path = public, pg_catalog`.execute(getDb());
    try {
      const { rows } = await sql<{ ended: boolean }>`select now() > ${ends} as ended`.execute(
        getDb(),
      );
      expect(rows[0]?.ended).toBe(true);
      expect((await post(VERIFY, onlooker.jar, { code })).status).toBe(401);
    } finally {
      vi.useRealTimers();
      await sql`reset search_path`.execute(getDb());
      await sql`drop function public.now()`.execute(getDb());
    }
    expect(await sessionCount(email)).toBe(sessions);
  });
});

describe("the step-up by code", () => {
  it("a correct code marks this session fresh for the email change and devices", async () => {
    const email = "step-up-code@example.com";
    const { jar, app, backupCodes } = await enrol(email);
    const stale = () =>
      getDb().updateTable("session").set({ verifiedAt: sql`now() - interval '1 hour'` }).execute();
    await stale();
    expect((await post("/change-email", jar, { newEmail: "moved@example.com" })).status).toBe(403);
    expect(
      (await post("/two-factor/verify-totp", jar, { code: await freshCode(app) })).status,
    ).toBe(200);
    expect((await post("/change-email", jar, { newEmail: "moved@example.com" })).status).toBe(200);

    await stale();
    expect(
      (await post("/two-factor/verify-backup-code", jar, { code: backupCodes[0] })).status,
    ).toBe(200);
    expect((await post("/change-email", jar, { newEmail: "moved@example.com" })).status).toBe(200);
  });
});

describe("two-factor endpoints read the session row, not the cached access cookie", () => {
  it("better-auth#9132: a session ended elsewhere cannot manage factors with its cached cookie", async () => {
    const email = "stale-cache@example.com";
    const { jar } = await enrol(email);
    expect(jar.cookies.has(ACCESS)).toBe(true);
    await getDb()
      .deleteFrom("session")
      .where("userId", "in", (q) => q.selectFrom("user").select("id").where("email", "=", email))
      .execute();
    for (const path of [
      "/two-factor/generate-backup-codes",
      "/two-factor/get-totp-uri",
      "/two-factor/disable",
    ]) {
      expect((await post(path, jar, { password: PASSWORD })).status, path).toBe(401);
    }
    expect((await post("/two-factor/verify-totp", jar, { code: "123456" })).status).toBe(401);
    const row = await getDb()
      .selectFrom("user")
      .select("twoFactorEnabled")
      .where("email", "=", email)
      .executeTakeFirstOrThrow();
    expect(row.twoFactorEnabled).toBe(true);
  });

  it("disabling needs the password, mails the owner, and sign-in stops asking for a code", async () => {
    const email = "disable@example.com";
    const { jar } = await enrol(email);
    expect((await post("/two-factor/disable", jar, { password: "not my password" })).status).toBe(
      400,
    );
    expect((await post("/two-factor/disable", jar, { password: PASSWORD })).status).toBe(200);
    expect((await latestEmailTo(email))?.subject).toBe("Todos: the authenticator app was removed");
    const { res } = await passwordStep(email);
    expect(await res.json()).not.toHaveProperty("twoFactorRedirect");
  });

  it("regenerating backup codes needs the password, replaces the old ones and mails the owner", async () => {
    const email = "regenerate@example.com";
    const { jar, backupCodes } = await enrol(email);
    expect(
      (await post("/two-factor/generate-backup-codes", jar, { password: "not my password" }))
        .status,
    ).toBe(400);
    const res = await post("/two-factor/generate-backup-codes", jar, { password: PASSWORD });
    expect(res.status).toBe(200);
    const fresh = ((await res.json()) as { backupCodes: string[] }).backupCodes;
    expect(fresh).toHaveLength(10);
    expect((await latestEmailTo(email))?.subject).toBe("Todos: new backup codes were made");
    const { jar: signIn } = await passwordStep(email);
    expect(
      (await post("/two-factor/verify-backup-code", signIn, { code: backupCodes[0] })).status,
    ).toBe(401);
    expect((await post("/two-factor/verify-backup-code", signIn, { code: fresh[0] })).status).toBe(
      200,
    );
  });
});

describe("the device's session through enrolment and removal", () => {
  it("keeps its id when Better Auth replaces it, and stays fresh", async () => {
    const email = "same-id@example.com";
    const jar = await createVerifiedUser(email);
    const ids = () =>
      getDb()
        .selectFrom("session")
        .innerJoin("user", "user.id", "session.userId")
        .select("session.id")
        .where("user.email", "=", email)
        .execute();
    const [before] = await ids();
    const enabled = await post("/two-factor/enable", jar, { password: PASSWORD });
    const app = OTPAuth.URI.parse(
      ((await enabled.json()) as { totpURI: string }).totpURI,
    ) as OTPAuth.TOTP;
    expect(
      (await post("/two-factor/verify-totp", jar, { code: await freshCode(app) })).status,
    ).toBe(200);
    expect(await ids()).toEqual([before]);
    const session = await callAuth("/get-session", { jar });
    expect(((await session.json()) as { session: { id: string } }).session.id).toBe(before?.id);
    expect((await post("/two-factor/disable", jar, { password: PASSWORD })).status).toBe(200);
    expect(await ids()).toEqual([before]);
    expect((await post("/change-email", jar, { newEmail: "kept@example.com" })).status).toBe(200);
  });
});

describe("the security log", () => {
  it("records the app added, a sign-in finished by a code, a wrong code, and the app removed", async () => {
    const email = "logged@example.com";
    const { app } = await enrol(email);
    const { jar } = await passwordStep(email);
    await post("/two-factor/verify-totp", jar, { code: "000000" });
    expect(
      (await post("/two-factor/verify-totp", jar, { code: await freshCode(app) })).status,
    ).toBe(200);
    expect((await post("/two-factor/disable", jar, { password: PASSWORD })).status).toBe(200);
    await settleBackgroundTasks();
    const events = await getDb()
      .selectFrom("auth_event")
      .innerJoin("user", "user.id", "auth_event.user_id")
      .select(["auth_event.type", "auth_event.detail"])
      .where("user.email", "=", email)
      .orderBy("auth_event.id")
      .execute();
    expect(events).toEqual(
      expect.arrayContaining([
        { type: "factor_added", detail: "authenticator app" },
        { type: "sign_in_failed", detail: "wrong_code" },
        { type: "sign_in", detail: "code" },
        { type: "factor_removed", detail: "authenticator app" },
      ]),
    );
    // The password step alone is not a sign-in: the only one is the code's.
    expect(events.filter((event) => event.type === "sign_in")).toEqual([
      { type: "sign_in", detail: "code" },
    ]);
  });
});
