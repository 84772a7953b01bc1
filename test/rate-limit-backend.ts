import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, inject } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { resetLimiterForTests, setUpstashTimeoutForTests } from "@/lib/rate-limit";

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
