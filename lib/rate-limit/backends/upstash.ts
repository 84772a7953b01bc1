import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import type { Limiter, LimitResult, RuleConfig } from "./types";

/** Past this, the limiter lets the request through rather than make the user wait on Redis. */
export const UPSTASH_TIMEOUT_MS = 500;
const LOG_EVERY_MS = 60_000;

let lastLogged = 0;

/** Fail open, but say so (at most once a minute, so an outage does not flood the logs). */
function logFailure(error: unknown) {
  const now = Date.now();
  if (now - lastLogged < LOG_EVERY_MS) return;
  lastLogged = now;
  const reason = error instanceof Error ? error.message : String(error);
  console.error(`Rate limiter unavailable, letting requests through: ${reason}`);
}

/** getRemaining has no timeout of its own: the same bound as limit(). */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function createUpstashLimiter({
  url,
  token,
  prefix = "rl",
  rules,
  timeoutMs = UPSTASH_TIMEOUT_MS,
}: {
  url: string;
  token: string;
  prefix?: string;
  rules: Record<string, RuleConfig>;
  timeoutMs?: number;
}): Limiter {
  // No retries: a slow or dead Redis must not hold the request up.
  const redis = new Redis({ url, token, retry: false, enableTelemetry: false });
  const limiters = new Map(
    Object.entries(rules).map(([rule, { limit, windowSeconds }]) => [
      rule,
      new Ratelimit({
        redis,
        prefix: `${prefix}:${rule}`,
        limiter: Ratelimit.slidingWindow(limit, `${windowSeconds} s`),
        timeout: timeoutMs,
        analytics: false,
        // Kept per process by default, which would make a test's fake clock leak between rules.
        ephemeralCache: false,
      }),
    ]),
  );

  return {
    async limit(rule, key): Promise<LimitResult> {
      const limiter = limiters.get(rule);
      const config = rules[rule];
      if (!limiter || !config) throw new Error(`Unknown rate-limit rule: ${rule}`);
      try {
        const result = await limiter.limit(key);
        if (result.reason === "timeout") logFailure(new Error(`no answer within ${timeoutMs} ms`));
        return result;
      } catch (error) {
        logFailure(error);
        return { success: true, limit: config.limit, remaining: config.limit, reset: Date.now() };
      }
    },
    async peek(rule, key): Promise<LimitResult> {
      const limiter = limiters.get(rule);
      const config = rules[rule];
      if (!limiter || !config) throw new Error(`Unknown rate-limit rule: ${rule}`);
      try {
        const { remaining, reset, limit } = await withTimeout(limiter.getRemaining(key), timeoutMs);
        return { success: remaining > 0, limit, remaining, reset };
      } catch (error) {
        logFailure(error);
        return { success: true, limit: config.limit, remaining: config.limit, reset: Date.now() };
      }
    },
    async reset(rule, key): Promise<void> {
      const limiter = limiters.get(rule);
      if (!limiter) throw new Error(`Unknown rate-limit rule: ${rule}`);
      await withTimeout(limiter.resetUsedTokens(key), timeoutMs).catch(logFailure);
    },
  };
}
