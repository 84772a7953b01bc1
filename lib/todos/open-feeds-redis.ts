import "server-only";
import { randomUUID } from "node:crypto";
import { Redis } from "@upstash/redis";
import { loggable } from "@/lib/log";
import type { Actor } from "@/lib/sessions/actor";
import { within } from "./feed-upstash";
import type { FeedCaps, FeedLeases } from "./open-feeds-caps";

/**
 * Drops lapsed leases, then adds one to the session's and the account's sets unless either is
 * full; all in one step, so two instances cannot both take the last place. Redis's clock, not an
 * instance's, decides what has lapsed. KEYS: session set, account set. ARGV: lease id, lease ms,
 * session cap, account cap. Returns 1 when claimed.
 */
const CLAIM = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) or redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[4]) then
  return 0
end
local lease = tonumber(ARGV[2])
for i = 1, 2 do
  redis.call('ZADD', KEYS[i], now + lease, ARGV[1])
  redis.call('PEXPIRE', KEYS[i], lease)
end
return 1
`;
const RELEASE = `
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return 1
`;

/**
 * Caps that hold across instances: each open feed holds a lease in Redis that lapses after
 * `leaseMs` (longer than a feed lasts), so the places of an instance that died come back by
 * themselves. When Redis cannot be reached, `fallback` (this process's count) decides.
 */
export function createRedisFeedLeases(options: {
  url: string;
  token: string;
  prefix: string;
  caps: FeedCaps;
  leaseMs: number;
  timeoutMs: number;
  fallback: FeedLeases;
}): FeedLeases {
  const { caps, leaseMs, timeoutMs, fallback } = options;
  // No retries: a dead Redis must not hold a feed up; the fallback counts instead.
  const redis = new Redis({
    url: options.url,
    token: options.token,
    retry: false,
    enableTelemetry: false,
  });
  // One hash tag per user: both sets live in one slot, as a script's keys must on a cluster.
  const keysOf = (actor: Actor) => [
    `${options.prefix}:feeds:{${actor.userId}}:session:${actor.sessionId}`,
    `${options.prefix}:feeds:{${actor.userId}}:account`,
  ];
  return {
    async claim(actor) {
      const keys = keysOf(actor);
      const lease = randomUUID();
      let claimed: unknown;
      try {
        claimed = await within(
          redis.eval(CLAIM, keys, [lease, leaseMs, caps.perSession, caps.perAccount]),
          timeoutMs,
          "Feed lease",
        );
      } catch (error) {
        console.error(
          "Open-feed caps cannot reach Redis; counting in this process:",
          loggable(error),
        );
        return fallback.claim(actor);
      }
      if (Number(claimed) !== 1) return undefined;
      return async () => {
        try {
          await within(redis.eval(RELEASE, keys, [lease]), timeoutMs, "Feed lease release");
        } catch (error) {
          // The lease lapses by itself within leaseMs.
          console.error("Open-feed lease release failed:", loggable(error));
        }
      };
    },
  };
}
