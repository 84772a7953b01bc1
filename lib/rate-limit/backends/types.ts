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
  limit(rule: string, key: string): Promise<LimitResult>;
}
