export interface LimitResult {
  success: boolean;
  limit: number;
  remaining: number;
  /** Unix time in milliseconds when the next attempt can succeed. */
  reset: number;
}

export interface RuleConfig {
  limit: number;
  windowSeconds: number;
}

/** A rate-limit backend: Upstash Redis in a deployment, process memory on a laptop. */
export interface Limiter {
  /** Counts one attempt; `success` says whether it was within the limit. */
  limit(rule: string, key: string): Promise<LimitResult>;
  /** What the next attempt would meet, counting nothing (for rules that count failures only). */
  peek(rule: string, key: string): Promise<LimitResult>;
  /** Forgets every attempt counted for the key (a correct password gives its attempt back). */
  reset(rule: string, key: string): Promise<void>;
}
