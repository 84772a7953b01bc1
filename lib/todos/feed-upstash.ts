import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "@upstash/redis";
import { type FeedBus, feedChannel } from "./feed-channel";
import { openSubscribeStream } from "./feed-upstash-stream";

/** How long a publish or a subscription's confirmation may take before the feed stops waiting. */
export const FEED_BUS_TIMEOUT_MS = 2_000;
/** Waits between attempts to reopen a dropped subscription: doubling from the first, up to the last. */
export const FEED_RECONNECT_MS = { first: 250, most: 5_000 };

export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Upstash's PUBLISH, and its SUBSCRIBE streamed over REST, reopened when it drops. */
export function createUpstashFeedBus({
  url,
  token,
  prefix,
  timeoutMs = FEED_BUS_TIMEOUT_MS,
}: {
  url: string;
  token: string;
  prefix: string;
  timeoutMs?: number;
}): FeedBus {
  // No retries: a dead Redis must not hold a write or a feed up; the feed polls instead.
  const redis = new Redis({ url, token, retry: false, enableTelemetry: false });
  return {
    async publish(userId, message) {
      await within(redis.publish(feedChannel(prefix, userId), message), timeoutMs, "PUBLISH");
    },
    async subscribe(userId, onMessage, onConnection) {
      const channel = feedChannel(prefix, userId);
      let unsubscribed = false;
      let close = () => {};
      const open = async () => {
        close = await openSubscribeStream({ url, token, channel, onMessage, onDrop, timeoutMs });
        if (unsubscribed) close();
      };
      // Dropped: the feed polls, while this reopens with a growing wait until it is back.
      function onDrop() {
        if (unsubscribed) return;
        onConnection?.("lost");
        void (async () => {
          for (let wait = FEED_RECONNECT_MS.first; !unsubscribed; ) {
            await sleep(wait);
            if (unsubscribed) return;
            try {
              await open();
              if (!unsubscribed) onConnection?.("restored");
              return;
            } catch {
              wait = Math.min(wait * 2, FEED_RECONNECT_MS.most);
            }
          }
        })();
      }
      await open();
      return () => {
        unsubscribed = true;
        close();
      };
    },
  };
}
