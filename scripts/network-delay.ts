/**
 * Network profiles for the benchmark's Neon WebSocket proxy: the one-way delay a database round
 * trip meets between a serverless function and its database. Timers fire on 1 ms boundaries.
 */
export const DELAY_PROFILES = {
  loopback: { oneWayMs: 0, jitterMs: 0 },
  /** Function and database in the same region. */
  region: { oneWayMs: 1, jitterMs: 0.5 },
  /** Function and database in different regions. */
  far: { oneWayMs: 10, jitterMs: 0 },
} as const;

export type DelayProfileName = keyof typeof DELAY_PROFILES;

export function isDelayProfileName(name: string): name is DelayProfileName {
  return Object.hasOwn(DELAY_PROFILES, name);
}

/** One way's delay under a profile: uniform in oneWay ± jitter. */
export function sampleDelayMs(name: DelayProfileName, random: () => number = Math.random): number {
  const { oneWayMs, jitterMs } = DELAY_PROFILES[name];
  return Math.max(0, oneWayMs + (random() * 2 - 1) * jitterMs);
}

/**
 * Delivers chunks after `delayMs()` each, never out of order (as TCP would): a chunk is due no
 * earlier than the one before it, and one timer drains everything that is due.
 */
export function delayedDelivery<T>(deliver: (chunk: T) => void, delayMs: () => number) {
  const queue: { due: number; chunk: T }[] = [];
  let timer: NodeJS.Timeout | undefined;
  const drain = () => {
    timer = undefined;
    // Timers may fire up to a tick early by this clock: within half a millisecond counts as due.
    const now = performance.now() + 0.5;
    while (queue.length > 0 && (queue[0]?.due ?? 0) <= now) deliver(queue.shift()?.chunk as T);
    const head = queue[0];
    if (head) timer = setTimeout(drain, head.due - now);
  };
  return {
    push(chunk: T): void {
      const delay = delayMs();
      if (delay <= 0 && queue.length === 0) {
        deliver(chunk);
        return;
      }
      const due = Math.max(performance.now() + delay, queue.at(-1)?.due ?? 0);
      queue.push({ due, chunk });
      timer ??= setTimeout(drain, due - performance.now());
    },
    clear(): void {
      clearTimeout(timer);
      timer = undefined;
      queue.length = 0;
    },
  };
}
