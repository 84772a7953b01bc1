import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, inject } from "vitest";
import { RULES } from "@/lib/rate-limit";
import type { Limiter } from "@/lib/rate-limit/backends/types";
import { createUpstashLimiter } from "@/lib/rate-limit/backends/upstash";
import { forgetEnv, setProcessState } from "@/test/process-state";

const VARIABLES = [
  "UPSTASH_REDIS_REST_URL",
  "UPSTASH_REDIS_REST_TOKEN",
  "RATE_LIMIT_PREFIX",
] as const;

/** The file's own backend, when it is not the one the environment names (the in-memory one). */
let fileLimiter: (() => Limiter) | undefined;

/** Counts rate limits on `limiter`, or (none given) on a fresh one of the file's backend. */
export function installLimiter(limiter?: Limiter): void {
  setProcessState("limiter", limiter ?? fileLimiter?.());
}

/**
 * Runs the file's rate limits on Upstash through the local REST server when TEST_REDIS_URL is
 * set (CI), else on the in-memory limiter; each file gets keys of its own. A slow answer from
 * Redis is waited for, never taken as "let it through" (the fail-open is tested on its own).
 */
export function withRateLimitBackend(): () => "upstash" | "memory" {
  const upstash = inject("upstash");
  beforeAll(() => {
    if (upstash) {
      const prefix = `${upstash.prefix}:${randomBytes(4).toString("hex")}`;
      process.env.UPSTASH_REDIS_REST_URL = upstash.url;
      process.env.UPSTASH_REDIS_REST_TOKEN = upstash.token;
      process.env.RATE_LIMIT_PREFIX = prefix;
      // On a loaded machine, failing open after 500 ms would let an attempt through uncounted.
      const { url, token } = upstash;
      fileLimiter = () =>
        createUpstashLimiter({ url, token, prefix, rules: RULES, timeoutMs: 10_000 });
    }
    forgetEnv();
    installLimiter();
  });
  afterAll(() => {
    for (const name of VARIABLES) delete process.env[name];
    fileLimiter = undefined;
    forgetEnv();
    installLimiter();
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
  beforeAll(() => installLimiter(unlimited));
  afterAll(() => installLimiter());
}
