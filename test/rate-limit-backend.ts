import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, inject } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { resetLimiterForTests, setUpstashTimeoutForTests } from "@/lib/rate-limit";
import type { Limiter } from "@/lib/rate-limit/backends/types";

const VARIABLES = [
  "UPSTASH_REDIS_REST_URL",
  "UPSTASH_REDIS_REST_TOKEN",
  "RATE_LIMIT_PREFIX",
] as const;

/**
 * Runs the file's rate limits on Upstash through the local REST server when TEST_REDIS_URL is
 * set (CI), else on the in-memory limiter; each file gets keys of its own. A slow answer from
 * Redis is waited for, never taken as "let it through" (the fail-open is tested on its own).
 */
export function withRateLimitBackend(): () => "upstash" | "memory" {
  const upstash = inject("upstash");
  beforeAll(() => {
    if (upstash) {
      process.env.UPSTASH_REDIS_REST_URL = upstash.url;
      process.env.UPSTASH_REDIS_REST_TOKEN = upstash.token;
      process.env.RATE_LIMIT_PREFIX = `${upstash.prefix}:${randomBytes(4).toString("hex")}`;
      setUpstashTimeoutForTests(10_000);
    }
    resetEnvForTests();
    resetLimiterForTests();
  });
  afterAll(() => {
    for (const name of VARIABLES) delete process.env[name];
    setUpstashTimeoutForTests(undefined);
    resetEnvForTests();
    resetLimiterForTests();
  });
  return () => (upstash ? "upstash" : "memory");
}

/** A limiter that lets everything through: for files that test load or inputs, not limits. */
const unlimited: Limiter = {
  limit: async () => ({ success: true, limit: Number.MAX_SAFE_INTEGER, remaining: 1, reset: 0 }),
  peek: async () => ({ success: true, limit: Number.MAX_SAFE_INTEGER, remaining: 1, reset: 0 }),
  reset: async () => {},
};

/**
 * Lifts every rate limit for the file: its requests are counted per user in Node now, and a load
 * or fuzz test sends one user's requests far faster than a person could (the limits have tests
 * of their own).
 */
export function withoutRateLimits(): void {
  beforeAll(() => resetLimiterForTests(unlimited));
  afterAll(() => resetLimiterForTests());
}
