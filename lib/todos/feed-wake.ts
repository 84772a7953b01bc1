import "server-only";
import { type FeedBus, type FeedMessage, feedChannel } from "./feed-channel";

type Listener = (message: FeedMessage) => void;

/** One process (the embedded database, a laptop): an in-memory emitter is the whole bus. */
export function createMemoryFeedBus(): FeedBus {
  const listeners = new Map<string, Set<Listener>>();
  return {
    async publish(userId, message) {
      for (const listener of listeners.get(feedChannel("memory", userId)) ?? []) listener(message);
    },
    async subscribe(userId, onMessage) {
      const channel = feedChannel("memory", userId);
      const set = listeners.get(channel) ?? new Set();
      set.add(onMessage);
      listeners.set(channel, set);
      return () => {
        set.delete(onMessage);
        if (set.size === 0) listeners.delete(channel);
      };
    },
  };
}
