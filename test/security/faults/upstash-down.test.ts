import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { RATE_LIMITED_HEADER, RULES, resetLimiterForTests } from "@/lib/rate-limit";
import { createUpstashLimiter, UPSTASH_TIMEOUT_MS } from "@/lib/rate-limit/backends/upstash";
import { middleware } from "@/middleware";

// Already covered in middleware.rate-limit.test.ts > when Upstash is unreachable: nothing listening
// (fails open, logged once a minute) and a real Redis killed mid-run. Here: an Upstash that hangs
// or answers 500, on both transports (REST and server-action forms), and logging that resumes.

type Mode = "hang" | "500";
let mode: Mode = "hang";
let server: Server;
let url = "";

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    if (mode === "500") {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "ERR internal" }));
    }
    // "hang": accepted, never answered.
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  resetLimiterForTests();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

let clock = Date.now();
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Each case starts well past the last log line, so the once-a-minute throttle starts fresh. */
function freshMinute() {
  clock += 10 * 60_000;
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(clock);
}

function useUpstash(next: Mode) {
  mode = next;
  resetLimiterForTests(createUpstashLimiter({ url, token: "t", rules: RULES }));
}

const apiWrite = () =>
  new NextRequest("http://localhost:3000/api/todos", {
    method: "POST",
    headers: { "content-type": "application/json", "x-real-ip": "198.51.100.7" },
    body: JSON.stringify({ title: "x" }),
  });

function actionPost() {
  const body = new FormData();
  body.set("1_intent", "create");
  body.set("1_title", "x");
  return new NextRequest("http://localhost:3000/todos", {
    method: "POST",
    headers: { "next-action": "abc", "x-real-ip": "198.51.100.8" },
    body,
  });
}

function limiterLogLines(errors: { mock: { calls: unknown[][] } }) {
  return errors.mock.calls
    .map((call) => String(call[0]))
    .filter((m: string) => m.includes("Rate limiter"));
}

describe("Upstash unreachable: the app fails open and says so in the log", () => {
  for (const failing of ["hang", "500"] as const) {
    it(`Upstash ${failing === "hang" ? "hanging" : "answering 500"}: REST writes and server-action forms go through past every limit, logged once`, async () => {
      freshMinute();
      const errors = vi.spyOn(console, "error").mockImplementation(() => {});
      useUpstash(failing);
      const attempts = RULES.todoWritesPerUser.limit + 5;
      // Concurrent, so a hanging Upstash costs one timeout, not hundreds.
      const [rest, forms] = await Promise.all([
        Promise.all(Array.from({ length: attempts }, () => middleware(apiWrite()))),
        Promise.all(Array.from({ length: 20 }, () => middleware(actionPost()))),
      ]);
      expect(rest.map((r) => r.status).filter((s) => s === 429)).toEqual([]);
      for (const res of forms) {
        expect(res.status).toBe(200);
        expect(res.headers.get(`x-middleware-request-${RATE_LIMITED_HEADER}`)).toBeNull();
      }
      const lines = limiterLogLines(errors);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        failing === "hang"
          ? new RegExp(`letting requests through: no answer within ${UPSTASH_TIMEOUT_MS} ms`)
          : /letting requests through/,
      );
    });
  }

  it("logs again after a minute while the outage lasts (throttled, never silenced)", async () => {
    freshMinute();
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    useUpstash("500");
    await middleware(apiWrite());
    vi.setSystemTime(clock + 30_000);
    await middleware(apiWrite());
    expect(limiterLogLines(errors)).toHaveLength(1);
    vi.setSystemTime(clock + 61_000);
    await middleware(apiWrite());
    expect(limiterLogLines(errors)).toHaveLength(2);
  });
});
