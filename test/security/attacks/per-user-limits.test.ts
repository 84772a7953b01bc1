import { NextRequest } from "next/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GET, POST } from "@/app/api/todos/route";
import { auth } from "@/lib/auth";
import { RULES } from "@/lib/rate-limit";
import { whileAppServes } from "@/test/auth-server";
import { withTestDatabase } from "@/test/database";
import { BASE_URL, CookieJar, callAuth, createVerifiedUser } from "@/test/http";
import { withRateLimitBackend } from "@/test/rate-limit-backend";
import { throughMiddleware } from "@/test/through-middleware";

// Finding 5 of issue 21: the edge took the user from the access cookie alone, so a bearer JWT or a
// cookie header with only the session token was limited per IP, and a user's budget grew with the
// attacker's addresses. Every request here comes from a new address.

withTestDatabase();
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
let ipCounter = 0;
const freshIp = () => `198.18.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;
const noParams = { params: Promise.resolve({}) };

/** As the server does it: the middleware, then the route's handler if the middleware lets it by. */
async function send(build: () => NextRequest): Promise<Response> {
  const verdict = await throughMiddleware(build());
  if ("stopped" in verdict) return verdict.stopped;
  const { forwarded: request } = verdict;
  const { pathname } = new URL(request.url);
  if (pathname.startsWith("/api/auth/")) return auth().handler(request);
  return (request.method === "GET" ? GET : POST)(request, noParams);
}

function call(path: string, headers: Record<string, string>, json?: unknown) {
  return () =>
    new NextRequest(new URL(path, BASE_URL), {
      method: json === undefined ? "GET" : "POST",
      headers: {
        "x-real-ip": freshIp(),
        origin: BASE_URL,
        ...(json !== undefined && { "content-type": "application/json" }),
        ...headers,
      },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
}

/** How many attempts were let through before the first 429 (trying one more than `limit`). */
async function acceptedBeforeRefusal(limit: number, attempt: () => Promise<Response>) {
  for (let i = 0; i <= limit; i++) {
    const res = await attempt();
    if (res.status === 429) {
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
      return i;
    }
    expect(res.status, await res.clone().text()).toBeLessThan(300);
  }
  return limit + 1;
}

/** A signed-in device that authenticates with a bearer header, as a native app does. */
async function device(email: string) {
  await createVerifiedUser(email, PASSWORD);
  const signIn = await callAuth("/sign-in/email", {
    method: "POST",
    json: { email, password: PASSWORD },
  });
  const sessionToken = decodeURIComponent(signIn.headers.get("set-auth-token") ?? "");
  const minted = await callAuth("/token", { headers: { authorization: `Bearer ${sessionToken}` } });
  const accessJwt = (await minted.json()).token as string;
  return {
    sessionToken: decodeURIComponent(minted.headers.get("set-auth-token") ?? ""),
    accessJwt,
  };
}

/** A browser's cookie header reduced to the session token (no access cookie). */
async function sessionCookieOnly(email: string) {
  const jar = await createVerifiedUser(email, PASSWORD);
  const only = new CookieJar();
  only.cookies.set(SESSION, jar.cookies.get(SESSION) ?? "");
  return only;
}

describe("per-user limits hold however the client authenticates, from any number of IPs", () => {
  it("bearer access JWT: REST writes meet todoWritesPerUser at its limit", async () => {
    const { accessJwt } = await device("bearer-writer@example.com");
    const write = () =>
      send(call("/api/todos", { authorization: `Bearer ${accessJwt}` }, { title: "x" }));
    expect(await acceptedBeforeRefusal(RULES.todoWritesPerUser.limit, write)).toBe(
      RULES.todoWritesPerUser.limit,
    );
  });

  it("bearer access JWT: REST reads meet apiReadsPerUser at its limit", async () => {
    const { accessJwt } = await device("bearer-reader@example.com");
    const read = () => send(call("/api/todos?limit=1", { authorization: `Bearer ${accessJwt}` }));
    expect(await acceptedBeforeRefusal(RULES.apiReadsPerUser.limit, read)).toBe(
      RULES.apiReadsPerUser.limit,
    );
  });

  it("bearer session token: profile edits meet accountWritesPerUser at its limit", async () => {
    const { sessionToken } = await device("bearer-profile@example.com");
    const edit = () =>
      send(
        call("/api/auth/update-user", { authorization: `Bearer ${sessionToken}` }, { name: "x" }),
      );
    expect(await acceptedBeforeRefusal(RULES.accountWritesPerUser.limit, edit)).toBe(
      RULES.accountWritesPerUser.limit,
    );
  });

  it("session token alone in the cookie header: profile edits meet accountWritesPerUser at its limit", async () => {
    const jar = await sessionCookieOnly("cookie-profile@example.com");
    const edit = () => send(call("/api/auth/update-user", { cookie: jar.header() }, { name: "x" }));
    expect(await acceptedBeforeRefusal(RULES.accountWritesPerUser.limit, edit)).toBe(
      RULES.accountWritesPerUser.limit,
    );
  });

  it("session token alone in the cookie header: a REST call renews the session, so it meets renewalsPerSession", async () => {
    const jar = await sessionCookieOnly("cookie-rest@example.com");
    // Spend the session's renewals as a script would, keeping each new token and no access cookie.
    for (let i = 0; i < RULES.renewalsPerSession.limit; i++) {
      const res = await send(
        call("/api/auth/get-session?disableCookieCache=true", { cookie: jar.header() }),
      );
      expect(res.status).toBe(200);
      jar.store(res);
      for (const name of jar.cookies.keys()) if (name !== SESSION) jar.cookies.delete(name);
    }
    // The middleware renews over HTTP, as in production: serve the app for it.
    const refused = await whileAppServes(() =>
      send(call("/api/todos?limit=1", { cookie: jar.header() })),
    );
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await refused.json()).error.code).toBe("rate_limited");
  });
});

describe("callers who fail to authenticate", () => {
  const segment = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const forged = `${segment({ alg: "EdDSA", kid: "forged" })}.${segment({ sub: "x" })}.${"A".repeat(86)}`;
  const from = (ip: string, headers: Record<string, string>) => () =>
    new NextRequest(new URL("/api/todos", BASE_URL), { headers: { "x-real-ip": ip, ...headers } });

  it("are counted per IP: forged bearer JWTs from one address meet failedApiAuthPerIp, a user elsewhere is untouched", async () => {
    const attacker = from("203.0.113.77", { authorization: `Bearer ${forged}` });
    const { limit } = RULES.failedApiAuthPerIp;
    for (let i = 0; i < limit; i++) expect((await send(attacker)).status).toBe(401);
    const refused = await send(attacker);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    const { accessJwt } = await device("honest-neighbour@example.com");
    const honest = await send(call("/api/todos", { authorization: `Bearer ${accessJwt}` }));
    expect(honest.status).toBe(200);
  });
});
