import "server-only";
import { env } from "@/lib/env";
import { loggable } from "@/lib/log";
import { processSingleton } from "@/lib/process-state";
import { createUpstashFeedBus } from "./feed-upstash";
import { createMemoryFeedBus } from "./feed-wake";

/** What a user's channel carries: a committed change's counter, or an ended session ("*": all). */
export type FeedMessage = { version: string } | { signedOut: string };

/** Fan-out of feed messages, one channel per user, named on the server from the user id alone. */
export interface FeedBus {
  publish(userId: string, message: FeedMessage): Promise<void>;
  /**
   * Resolves once listening, so a message published after it resolves arrives; rejects when the
   * bus cannot be reached. Resolves to the unsubscribe.
   */
  subscribe(userId: string, onMessage: (message: FeedMessage) => void): Promise<() => void>;
}

export function feedBus(): FeedBus {
  return processSingleton("feed-bus", feedBusFromEnv);
}

function feedBusFromEnv(): FeedBus {
  const { UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token, RATE_LIMIT_PREFIX } = env();
  return url && token
    ? createUpstashFeedBus({ url, token, prefix: RATE_LIMIT_PREFIX })
    : createMemoryFeedBus();
}

/** The only way a channel is named: a prefix of the deployment and the user id from the session. */
export function feedChannel(prefix: string, userId: string): string {
  return `${prefix}:feed:${userId}`;
}

/** Publishes after a commit; a bus outage must not fail the write (feeds then poll or catch up). */
export async function publishToFeeds(userId: string, message: FeedMessage): Promise<void> {
  try {
    await feedBus().publish(userId, message);
  } catch (error) {
    console.error("Live feed publish failed:", loggable(error));
  }
}
