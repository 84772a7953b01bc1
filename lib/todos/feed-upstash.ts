import "server-only";
import { Redis } from "@upstash/redis";
import { type FeedBus, type FeedMessage, feedChannel } from "./feed-channel";

/** How long a publish or a subscription's confirmation may take before the feed stops waiting. */
export const FEED_BUS_TIMEOUT_MS = 2_000;

export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Upstash's PUBLISH, and its SUBSCRIBE streamed over REST (server-sent events). */
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
    subscribe(userId, onMessage) {
      const subscriber = redis.subscribe<FeedMessage>(feedChannel(prefix, userId));
      const stop = () => void subscriber.unsubscribe();
      // The client reports errors only until the stream opens; a stream that drops later goes
      // unnoticed until the feed's deadline, whose reconnect catches up (FEED_DURATION_MS).
      const confirmed = new Promise<() => void>((resolve, reject) => {
        subscriber.on("subscribe", () => resolve(stop));
        subscriber.on("error", reject);
      });
      // Anything else on the channel (a stray PUBLISH by hand) is not ours to act on.
      subscriber.on("message", ({ message }) => {
        if (typeof message === "object" && message !== null) onMessage(message);
      });
      return within(confirmed, timeoutMs, "SUBSCRIBE").catch((error) => {
        stop();
        throw error;
      });
    },
  };
}
