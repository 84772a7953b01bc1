import type { Limiter, LimitResult, RuleConfig } from "./types";

/** Above this many tracked keys, expired ones are swept so an attacker cannot grow memory forever. */
const SWEEP_ABOVE = 10_000;

/**
 * Exact sliding-window log for the embedded default: each key keeps the times of its accepted
 * attempts within the window. One process only (a laptop); deployments use Upstash.
 */
export function createMemoryLimiter({
  rules,
  now = () => Date.now(),
}: {
  rules: Record<string, RuleConfig>;
  now?: () => number;
}): Limiter {
  const hits = new Map<string, number[]>();

  function sweep(at: number) {
    for (const [id, times] of hits) {
      const [rule] = id.split("\u0000");
      const windowMs = (rules[rule ?? ""]?.windowSeconds ?? 0) * 1000;
      if ((times.at(-1) ?? 0) <= at - windowMs) hits.delete(id);
    }
  }

  function attempt(rule: string, key: string, count: boolean): LimitResult {
    const config = rules[rule];
    if (!config) throw new Error(`Unknown rate-limit rule: ${rule}`);
    const at = now();
    const windowMs = config.windowSeconds * 1000;
    const id = `${rule}\u0000${key}`;
    const times = (hits.get(id) ?? []).filter((time) => time > at - windowMs);
    const success = times.length < config.limit;
    if (success && count) times.push(at);
    if (count || times.length > 0) hits.set(id, times);
    if (hits.size > SWEEP_ABOVE) sweep(at);
    return {
      success,
      limit: config.limit,
      remaining: config.limit - times.length,
      reset: success ? at + windowMs : (times[0] ?? at) + windowMs,
    };
  }

  return {
    limit: async (rule, key) => attempt(rule, key, true),
    peek: async (rule, key) => attempt(rule, key, false),
    reset: async (rule, key) => {
      hits.delete(`${rule}\u0000${key}`);
    },
  };
}
