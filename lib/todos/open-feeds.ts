import "server-only";
import { env } from "@/lib/env";
import { processSingleton } from "@/lib/process-state";
import type { Actor } from "@/lib/sessions/actor";
import { FEED_DURATION_MS } from "./feed";
import { FEED_BUS_TIMEOUT_MS } from "./feed-upstash";
import type { FeedCaps, FeedLeases } from "./open-feeds-caps";
import { createMemoryFeedLeases } from "./open-feeds-memory";
import { createRedisFeedLeases } from "./open-feeds-redis";

/**
 * Live feeds one browser session may hold open: each holds a subscription (a Redis connection).
 * A tab out of sight lets its feed go after a minute (use-live-feed.ts), so this is the visible
 * tabs and windows of one browser with room to spare.
 */
export const FEEDS_PER_SESSION = 8;
/** Live feeds one account may hold open: a laptop, a phone and a tablet at their session cap. */
export const FEEDS_PER_ACCOUNT = 24;
/**
 * How long a feed's place is held in Redis: past the feed's own end, so a live feed never loses
 * its place, and short enough that the places of an instance that died come back soon.
 */
export const FEED_LEASE_MS = FEED_DURATION_MS + 30_000;

export const FEED_CAPS: FeedCaps = { perSession: FEEDS_PER_SESSION, perAccount: FEEDS_PER_ACCOUNT };

/** Counted in Redis when it is configured, so the caps hold across instances; else in-process. */
function feedLeasesFromEnv(): FeedLeases {
  const { UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token, RATE_LIMIT_PREFIX } = env();
  const inProcess = createMemoryFeedLeases(FEED_CAPS);
  return url && token
    ? createRedisFeedLeases({
        url,
        token,
        prefix: RATE_LIMIT_PREFIX,
        caps: FEED_CAPS,
        leaseMs: FEED_LEASE_MS,
        timeoutMs: FEED_BUS_TIMEOUT_MS,
        fallback: inProcess,
      })
    : inProcess;
}

/**
 * Claims a place for one more feed of this device, or undefined when its session or its account is
 * at the cap. The returned release frees the place, once, however often it is called.
 */
export async function claimFeed(actor: Actor): Promise<(() => Promise<void>) | undefined> {
  const release = await processSingleton("open-feeds", feedLeasesFromEnv).claim(actor);
  if (!release) return undefined;
  let released: Promise<void> | undefined;
  // The route does not wait for it; a test may.
  return () => {
    released ??= Promise.resolve(release());
    return released;
  };
}
