import { NextRequest } from "next/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { auth } from "@/lib/auth";
import { RULES } from "@/lib/rate-limit";
import { middleware } from "@/middleware";
import { withTestDatabase } from "@/test/database";
import { BASE_URL, CookieJar, callAuth, createVerifiedUser } from "@/test/http";
import { withRateLimitBackend } from "@/test/rate-limit-backend";

// Findings 1 and 6 of issue 21: get-session?disableCookieCache=true and /token read the session
// row and rotate its token with no limit (300 calls made 300 rotations and 300 retired-token
// rows), and other endpoints that read the database had none either.

const getDb = withTestDatabase();
withRateLimitBackend();

// The clock stands still during each case: however slow the machine, every attempt falls inside
// one window, so a count past the limit can only mean the rule was not applied.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(Date.now());
});
afterEach(() => {
  vi.useRealTimers();
});

const PASSWORD = "correct horse battery";
const SESSION = "better-auth.session_token";
const ACCESS = "better-auth.session_data";
let ipCounter = 0;
const freshIp = () => `198.19.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

/** As the server does it: the middleware, then Better Auth if the middleware lets it by. */
async function send(path: string, headers: Record<string, string>): Promise<Response> {
  const build = () => new NextRequest(new URL(`/api/auth${path}`, BASE_URL), { headers });
  const verdict = await middleware(build());
  return verdict.status === 429 ? verdict : auth().handler(build());
}

async function sessionRow(email: string) {
  return getDb()
    .selectFrom("session")
    .innerJoin("user", "user.id", "session.userId")
    .select(["session.id", "session.token"])
    .where("user.email", "=", email)
    .executeTakeFirstOrThrow();
}

async function retiredTokens(sessionId: string) {
  const rows = await getDb()
    .selectFrom("retired_session_token")
    .select("token_hash")
    .where("session_id", "=", sessionId)
    .execute();
  return rows.length;
}

const setsCookie = (res: Response, name: string) =>
  res.headers
    .getSetCookie()
    .some((line) => line.startsWith(`${name}=`) && !/max-age=0/i.test(line));

describe("renewals (token rotations) are limited per session", () => {
  it("get-session?disableCookieCache=true rotates renewalsPerSession times, then answers 429 and rotates nothing", async () => {
    const email = "renewal-flood@example.com";
    const jar = await createVerifiedUser(email, PASSWORD);
    const { id } = await sessionRow(email);
    const renew = async () => {
      const res = await send("/get-session?disableCookieCache=true", {
        cookie: jar.header(),
        "x-real-ip": freshIp(),
      });
      jar.store(res);
      return res;
    };
    const before = await retiredTokens(id);
    for (let i = 0; i < RULES.renewalsPerSession.limit; i++) {
      const res = await renew();
      expect(res.status).toBe(200);
      expect(setsCookie(res, SESSION)).toBe(true);
    }
    expect(await retiredTokens(id)).toBe(before + RULES.renewalsPerSession.limit);
    const { token } = await sessionRow(email);

    const refused = await renew();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(setsCookie(refused, SESSION)).toBe(false);
    expect(setsCookie(refused, ACCESS)).toBe(false);
    expect((await sessionRow(email)).token).toBe(token);
    expect(await retiredTokens(id)).toBe(before + RULES.renewalsPerSession.limit);
  });

  it("/token with the bearer session token rotates renewalsPerSession times, then answers 429", async () => {
    const email = "token-flood@example.com";
    await createVerifiedUser(email, PASSWORD);
    const signIn = await callAuth("/sign-in/email", {
      method: "POST",
      json: { email, password: PASSWORD },
    });
    let bearer = decodeURIComponent(signIn.headers.get("set-auth-token") ?? "");
    const mint = async () => {
      const res = await send("/token", {
        authorization: `Bearer ${bearer}`,
        "x-real-ip": freshIp(),
      });
      const next = res.headers.get("set-auth-token");
      if (next) bearer = decodeURIComponent(next);
      return res;
    };
    for (let i = 0; i < RULES.renewalsPerSession.limit; i++)
      expect((await mint()).status).toBe(200);
    const { token } = await sessionRow(email);
    const refused = await mint();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.headers.get("set-auth-token")).toBeNull();
    expect((await sessionRow(email)).token).toBe(token);
  });

  it("one session's spent budget leaves another session of the same user renewing", async () => {
    const email = "renewal-two-devices@example.com";
    const laptop = await createVerifiedUser(email, PASSWORD);
    const phone = new CookieJar();
    await callAuth("/sign-in/email", {
      method: "POST",
      jar: phone,
      json: { email, password: PASSWORD },
    });
    const renew = async (jar: CookieJar) => {
      const res = await send("/get-session?disableCookieCache=true", {
        cookie: jar.header(),
        "x-real-ip": freshIp(),
      });
      jar.store(res);
      return res.status;
    };
    for (let i = 0; i < RULES.renewalsPerSession.limit; i++) await renew(laptop);
    expect(await renew(laptop)).toBe(429);
    expect(await renew(phone)).toBe(200);
  });
});

describe("every endpoint that reads the database has a limit", () => {
  it("the JWKS: publicReadsPerIp from one address", async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i <= RULES.publicReadsPerIp.limit; i++) {
      statuses.push((await send("/jwks", { "x-real-ip": ip })).status);
    }
    expect(statuses.slice(0, -1)).toEqual(Array(RULES.publicReadsPerIp.limit).fill(200));
    expect(statuses.at(-1)).toBe(429);
  });

  it("an emailed link: linksPerIp from one address, whatever token it carries", async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i <= RULES.linksPerIp.limit; i++) {
      const path = `/reset-password/guess${i}?callbackURL=${encodeURIComponent("/reset-password")}`;
      statuses.push((await send(path, { "x-real-ip": ip })).status);
    }
    expect(statuses.slice(0, -1).every((status) => status !== 429)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it("the accounts list: accountReadsPerUser from many addresses", async () => {
    const jar = await createVerifiedUser("account-reads@example.com", PASSWORD);
    const only = new CookieJar();
    only.cookies.set(SESSION, jar.cookies.get(SESSION) ?? "");
    const statuses: number[] = [];
    for (let i = 0; i <= RULES.accountReadsPerUser.limit; i++) {
      statuses.push(
        (await send("/list-accounts", { cookie: only.header(), "x-real-ip": freshIp() })).status,
      );
    }
    expect(statuses.slice(0, -1)).toEqual(Array(RULES.accountReadsPerUser.limit).fill(200));
    expect(statuses.at(-1)).toBe(429);
  });
});
