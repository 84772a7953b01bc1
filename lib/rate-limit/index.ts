import { env } from "@/lib/env";
import { processSingleton } from "@/lib/process-state";
import { createMemoryLimiter } from "@/lib/rate-limit/backends/memory";
import type { Limiter, LimitResult } from "@/lib/rate-limit/backends/types";
import { createUpstashLimiter } from "@/lib/rate-limit/backends/upstash";
import { RULES, type RuleName } from "./rules";

export { RULES, type RuleName } from "./rules";

export interface LimitCheck {
  rule: RuleName;
  key: string;
}

export interface Verdict {
  rule: RuleName;
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the next attempt can succeed (0 when allowed). */
  retryAfter: number;
}

function limiter(): Limiter {
  return processSingleton("limiter", limiterFromEnv);
}

function limiterFromEnv(): Limiter {
  const { UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token, RATE_LIMIT_PREFIX } = env();
  return url && token
    ? createUpstashLimiter({ url, token, prefix: RATE_LIMIT_PREFIX, rules: RULES })
    : createMemoryLimiter({ rules: RULES });
}

function toVerdict(rule: RuleName, result: LimitResult, now: number): Verdict {
  return {
    rule,
    allowed: result.success,
    limit: result.limit,
    remaining: Math.max(0, result.remaining),
    retryAfter: result.success ? 0 : Math.max(1, Math.ceil((result.reset - now) / 1000)),
  };
}

/**
 * Counts one attempt against each rule and returns the verdict that matters: the first refusal,
 * or else the rule closest to its limit (for the RateLimit headers).
 */
export async function checkLimits(checks: LimitCheck[]): Promise<Verdict | undefined> {
  const verdicts = await Promise.all(
    checks.map(async ({ rule, key }) =>
      toVerdict(rule, await limiter().limit(rule, key), Date.now()),
    ),
  );
  return (
    verdicts.find((verdict) => !verdict.allowed) ??
    verdicts.sort((a, b) => a.remaining / a.limit - b.remaining / b.limit)[0]
  );
}

/** The verdict the next attempt would meet, counting nothing. */
export async function peekLimit({ rule, key }: LimitCheck): Promise<Verdict> {
  return toVerdict(rule, await limiter().peek(rule, key), Date.now());
}

export async function resetLimit({ rule, key }: LimitCheck): Promise<void> {
  await limiter().reset(rule, key);
}

export function tooManyAttemptsMessage(retryAfter: number): string {
  return `Too many attempts. Try again in ${retryAfter} ${retryAfter === 1 ? "second" : "seconds"}.`;
}

/** IETF draft RateLimit-Policy / RateLimit headers, plus Retry-After when refused. */
export function rateLimitHeaders(verdict: Verdict): Record<string, string> {
  const { rule, limit, remaining, retryAfter, allowed } = verdict;
  const window = RULES[rule].windowSeconds;
  return {
    "RateLimit-Policy": `"${rule}";q=${limit};w=${window}`,
    RateLimit: `"${rule}";r=${remaining};t=${allowed ? window : retryAfter}`,
    ...(!allowed && { "Retry-After": String(retryAfter) }),
  };
}
