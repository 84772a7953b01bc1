import "server-only";
import { env } from "@/lib/env";
import { loggable } from "@/lib/log";
import { processSingleton } from "@/lib/process-state";
import type { FeedBus, FeedMessage } from "./feed-channel";
import { createUpstashFeedBus } from "./feed-upstash";
import { createMemoryFeedBus } from "./feed-wake";

export type { FeedBus, FeedMessage } from "./feed-channel";
export { feedChannel } from "./feed-channel";

export function feedBus(): FeedBus {
  return processSingleton("feed-bus", feedBusFromEnv);
}

function feedBusFromEnv(): FeedBus {
  const { UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token, RATE_LIMIT_PREFIX } = env();
  return url && token
    ? createUpstashFeedBus({ url, token, prefix: RATE_LIMIT_PREFIX })
    : createMemoryFeedBus();
}

/** Publishes after a commit; a bus outage must not fail the write (feeds then poll or catch up). */
export async function publishToFeeds(userId: string, message: FeedMessage): Promise<void> {
  try {
    await feedBus().publish(userId, message);
  } catch (error) {
    console.error("Live feed publish failed:", loggable(error));
  }
}
