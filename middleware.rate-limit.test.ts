import { type ChildProcess, spawn } from "node:child_process";
import { connect, createServer } from "node:net";
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { auth } from "@/lib/auth";
import { RULES } from "@/lib/rate-limit";
import { createUpstashLimiter } from "@/lib/rate-limit/backends/upstash";
import { startUpstashRest } from "@/scripts/upstash-redis-rest";
import { withTestDatabase } from "@/test/database";
import { createVerifiedUser, latestEmailTo } from "@/test/http";
import { forgetEnv, settleBackgroundTasks } from "@/test/process-state";
import { installLimiter, withRateLimitBackend } from "@/test/rate-limit-backend";
import { middleware } from "./middleware";

const getDb = withTestDatabase();
withRateLimitBackend();

let ipCounter = 0;
const freshIp = () => `203.0.113.${++ipCounter % 250}`;

function post(path: string, json: unknown, headers: Record<string, string> = {}) {
  return new NextRequest(new URL(path, "http://localhost:3000"), {
    method: "POST",
    headers: { "content-type": "application/json", origin: "http://localhost:3000", ...headers },
    body: JSON.stringify(json),
  });
}

/** What the server does: the middleware first, then (if it lets the request through) the handler. */
async function send(request: () => NextRequest) {
  const verdict = await middleware(await request());
  if (verdict.status === 429) return verdict;
  return auth().handler(await request());
}

/** Polls PING until the freshly spawned server answers PONG (a loaded machine may take a while). */
async function untilRedisAnswers(port: number): Promise<void> {
  for (;;) {
    const pong = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1", () => socket.write("PING\r\n"));
      socket.once("data", (data) => {
        socket.destroy();
        resolve(data.toString().startsWith("+PONG"));
      });
      socket.once("error", () => resolve(false));
    });
    if (pong) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("rate limits in the middleware", () => {
  it("stops a burst of wrong passwords for one address even when every attempt comes from a new IP", async () => {
    const email = `victim-${Math.random()}@example.com`;
    for (let i = 0; i < RULES.failedPasswordsPerAccount.limit; i++) {
      const res = await send(() =>
        post(
          "/api/auth/sign-in/email",
          { email, password: `guess ${i}` },
          { "x-real-ip": freshIp() },
        ),
      );
      expect(res.status).toBe(401);
    }
    const res = await send(() =>
      post(
        "/api/auth/sign-in/email",
        { email: email.toUpperCase(), password: "x" },
        { "x-real-ip": freshIp() },
      ),
    );
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(await res.json()).toEqual({
      code: "RATE_LIMITED",
      message: `Too many attempts. Try again in ${retryAfter} seconds.`,
    });
  });

  it("limits sign-ins per IP across many addresses", async () => {
    const ip = freshIp();
    for (let i = 0; i < RULES.signInPerIp.limit; i++) {
      await middleware(
        post(
          "/api/auth/sign-in/email",
          { email: `spray${i}-${ip}@example.com`, password: "x" },
          { "x-real-ip": ip },
        ),
      );
    }
    const res = await middleware(
      post(
        "/api/auth/sign-in/email",
        { email: `last-${ip}@example.com`, password: "x" },
        { "x-real-ip": ip },
      ),
    );
    expect(res.status).toBe(429);
  });

  it("limits password guesses through the HTTP API of a signed-in user, not only the forms", async () => {
    const jar = await createVerifiedUser(`proof-${Math.random()}@example.com`);
    // A stolen session cookie, without the owner's known-device cookie (it has a budget of its own).
    for (const name of jar.cookies.keys())
      if (name.includes("known_device")) jar.cookies.delete(name);
    const guess = () =>
      send(() =>
        post(
          "/api/auth/change-password",
          { currentPassword: "guess", newPassword: "another long password" },
          { "x-real-ip": freshIp(), cookie: jar.header() },
        ),
      );
    for (let i = 0; i < RULES.failedPasswordsPerAccount.limit; i++)
      expect((await guess()).status).toBe(400);
    expect((await guess()).status).toBe(429);
  });

  it("cannot be dodged by sending a new X-Forwarded-For each time", async () => {
    const ip = freshIp();
    const attempt = (i: number) =>
      middleware(
        post(
          "/api/auth/sign-up/email",
          { email: `s${i}@example.com` },
          { "x-real-ip": ip, "x-forwarded-for": `10.0.0.${i}` },
        ),
      );
    for (let i = 0; i < RULES.signUpPerIp.limit; i++)
      expect((await attempt(i)).status).not.toBe(429);
    expect((await attempt(99)).status).toBe(429);
  });

  it("reads the last entry of a list header when configured, which a client cannot forge", async () => {
    process.env.CLIENT_IP_HEADER = "x-forwarded-for";
    forgetEnv();
    try {
      const attempt = (spoofed: string) =>
        middleware(
          post("/api/auth/sign-up/email", {}, { "x-forwarded-for": `${spoofed}, 198.51.100.7` }),
        );
      for (let i = 0; i < RULES.signUpPerIp.limit; i++) await attempt(`10.1.0.${i}`);
      expect((await attempt("10.9.9.9")).status).toBe(429);
    } finally {
      delete process.env.CLIENT_IP_HEADER;
      forgetEnv();
    }
  });

  it("sends no verification email past the per-address limit", async () => {
    const email = `slow-${Math.random().toString(36).slice(2)}@example.com`;
    await auth().api.signUpEmail({
      body: { name: "Slow", email, password: "correct horse battery" },
    });
    // The sign-up's own verification email counts as the first of the address's three.
    await getDb().deleteFrom("outbox").where("to", "=", email).execute();
    const statuses: number[] = [];
    for (let i = 0; i < RULES.emailPerAddress.limit + 1; i++) {
      const ip = freshIp();
      const request = () =>
        post("/api/auth/send-verification-email", { email }, { "x-real-ip": ip });
      statuses.push((await send(request)).status);
    }
    expect(statuses).toEqual([200, 200, 429, 429]);
    await settleBackgroundTasks();
    const sent = await getDb().selectFrom("outbox").select("id").where("to", "=", email).execute();
    expect(sent).toHaveLength(RULES.emailPerAddress.limit - 1);
    expect((await latestEmailTo(email))?.subject).toMatch(/verify/i);
  });
});

describe("when Upstash is unreachable", () => {
  it("lets requests through and logs it at most once a minute", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 10 * 60_000);
    // Nothing listens on port 9 of loopback.
    installLimiter(createUpstashLimiter({ url: "http://127.0.0.1:9", token: "t", rules: RULES }));
    try {
      for (let i = 0; i < RULES.signUpPerIp.limit + 5; i++) {
        const res = await middleware(
          post("/api/auth/sign-up/email", {}, { "x-real-ip": "192.0.2.1" }),
        );
        expect(res.status).not.toBe(429);
      }
      expect(
        errors.mock.calls.filter(([message]) =>
          String(message).includes("Rate limiter unavailable"),
        ),
      ).toHaveLength(1);
    } finally {
      installLimiter();
    }
  });

  describe.runIf(Boolean(process.env.TEST_REDIS_URL))("with a real Redis that stops", () => {
    let redis: ChildProcess;
    let rest: Awaited<ReturnType<typeof startUpstashRest>>;

    beforeAll(async () => {
      const port = await new Promise<number>((resolve) => {
        const probe = createServer().listen(0, "127.0.0.1", () => {
          const { port } = probe.address() as { port: number };
          probe.close(() => resolve(port));
        });
      });
      redis = spawn("redis-server", [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
      ]);
      await untilRedisAnswers(port);
      rest = await startUpstashRest({ redisUrl: `redis://127.0.0.1:${port}`, token: "t" });
    });

    afterAll(async () => {
      redis.kill("SIGKILL");
      await rest?.close().catch(() => {});
    });

    it("limits while Redis is up and fails open once it is down", async () => {
      vi.spyOn(console, "error").mockImplementation(() => {});
      installLimiter(createUpstashLimiter({ url: rest.url, token: "t", rules: RULES }));
      try {
        const attempt = () =>
          middleware(post("/api/auth/sign-up/email", {}, { "x-real-ip": "192.0.2.50" }));
        for (let i = 0; i < RULES.signUpPerIp.limit; i++) await attempt();
        expect((await attempt()).status).toBe(429);

        redis.kill("SIGKILL");
        await new Promise((resolve) => redis.once("exit", resolve));
        expect((await attempt()).status).not.toBe(429);
      } finally {
        installLimiter();
      }
    });
  });
});
