import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { todoAction } from "@/app/(app)/todos/actions";
import { RULES } from "@/lib/rate-limit";
import { createUpstashLimiter, UPSTASH_TIMEOUT_MS } from "@/lib/rate-limit/backends/upstash";
import { withTestDatabase } from "@/test/database";
import { installLimiter } from "@/test/rate-limit-backend";
import { createVia, userOnTwoDevices } from "@/test/security/load/two-devices";
import { actAs } from "@/test/security/next-request";

vi.mock("next/headers", () => import("@/test/security/next-request"));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

withTestDatabase();

// Already covered in middleware.rate-limit.test.ts > when Upstash is unreachable: nothing listening
// (fails open, logged once a minute) and a real Redis killed mid-run. Here: an Upstash that hangs
// or answers 500, on the REST API and a real server action (each counted per user in Node), and
// logging that resumes.

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
  installLimiter();
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
  installLimiter(createUpstashLimiter({ url, token: "t", rules: RULES }));
}

let devices = 0;

/**
 * A user signed in under the case's clock (each case moves it past the last log line): its phone
 * creates todos through the REST API with a bearer JWT, its browser through the page's server
 * action. Both are counted per user in Node.
 */
async function signedInUser() {
  // Signed in on a working limiter: a failing one would log here, inside the case's minute.
  installLimiter();
  const { phone, jar } = await userOnTwoDevices(`upstash-down-${++devices}@example.com`);
  return {
    restWrite: () => createVia(phone, "x"),
    formWrite: () => {
      actAs(jar, { "x-real-ip": "198.51.100.8" });
      const form = new FormData();
      form.set("intent", "create");
      form.set("title", "x");
      return todoAction(form);
    },
  };
}

function limiterLogLines(errors: { mock: { calls: unknown[][] } }) {
  return errors.mock.calls
    .map((call) => String(call[0]))
    .filter((m: string) => m.includes("Rate limiter"));
}

describe("Upstash unreachable: the app fails open and says so in the log", () => {
  const attempts = RULES.todoWritesPerUser.limit + 5;
  for (const failing of ["hang", "500"] as const) {
    const logged =
      failing === "hang"
        ? new RegExp(`letting requests through: no answer within ${UPSTASH_TIMEOUT_MS} ms`)
        : /letting requests through/;
    const how = failing === "hang" ? "hanging" : "answering 500";

    it(`Upstash ${how}: REST writes go through past every limit, logged once`, async () => {
      freshMinute();
      const { restWrite } = await signedInUser();
      const errors = vi.spyOn(console, "error").mockImplementation(() => {});
      useUpstash(failing);
      // Concurrent, so a hanging Upstash costs one timeout, not hundreds.
      const rest = await Promise.all(Array.from({ length: attempts }, restWrite));
      expect(rest.map((r) => r.status)).toEqual(Array(attempts).fill(201));
      const lines = limiterLogLines(errors);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(logged);
    });

    it(`Upstash ${how}: server-action forms go through past every limit, logged once`, async () => {
      freshMinute();
      const { formWrite } = await signedInUser();
      const errors = vi.spyOn(console, "error").mockImplementation(() => {});
      useUpstash(failing);
      const results = await Promise.all(Array.from({ length: attempts }, formWrite));
      expect(results.filter((result) => !result.ok)).toEqual([]);
      // The line proves the action asked the limiter: an action it never covered would log nothing.
      const lines = limiterLogLines(errors);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(logged);
    });
  }

  it("logs again after a minute while the outage lasts (throttled, never silenced)", async () => {
    freshMinute();
    const { restWrite } = await signedInUser();
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    useUpstash("500");
    await restWrite();
    vi.setSystemTime(clock + 30_000);
    await restWrite();
    expect(limiterLogLines(errors)).toHaveLength(1);
    vi.setSystemTime(clock + 61_000);
    await restWrite();
    expect(limiterLogLines(errors)).toHaveLength(2);
  });
});
