import "server-only";
import type { FeedBus, FeedMessage } from "./feed-bus";

type Listener = (message: FeedMessage) => void;

/** One process (the embedded database, a laptop): an in-memory emitter is the whole bus. */
export function createMemoryFeedBus(): FeedBus {
  const listeners = new Map<string, Set<Listener>>();
  return {
    async publish(userId, message) {
      for (const listener of listeners.get(userId) ?? []) listener(message);
    },
    async subscribe(userId, onMessage) {
      const set = listeners.get(userId) ?? new Set();
      set.add(onMessage);
      listeners.set(userId, set);
      return () => {
        set.delete(onMessage);
        if (set.size === 0) listeners.delete(userId);
      };
    },
  };
}
