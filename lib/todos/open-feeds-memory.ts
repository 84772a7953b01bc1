import "server-only";
import type { Actor } from "@/lib/sessions/actor";
import type { FeedCaps, FeedLeases } from "./open-feeds-caps";

function add(counts: Map<string, number>, key: string, by: number) {
  const count = (counts.get(key) ?? 0) + by;
  if (count > 0) counts.set(key, count);
  else counts.delete(key);
}

/** One process (the embedded database, a laptop): counting in memory is the whole cap. */
export function createMemoryFeedLeases(caps: FeedCaps): FeedLeases {
  const bySession = new Map<string, number>();
  const byUser = new Map<string, number>();
  return {
    async claim(actor: Actor) {
      if (
        (bySession.get(actor.sessionId) ?? 0) >= caps.perSession ||
        (byUser.get(actor.userId) ?? 0) >= caps.perAccount
      ) {
        return undefined;
      }
      add(bySession, actor.sessionId, 1);
      add(byUser, actor.userId, 1);
      return () => {
        add(bySession, actor.sessionId, -1);
        add(byUser, actor.userId, -1);
      };
    },
  };
}
