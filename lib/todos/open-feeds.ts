import "server-only";
import { processSingleton } from "@/lib/process-state";
import type { Actor } from "@/lib/sessions/actor";

/**
 * Live feeds one browser session may hold open: each holds a subscription (a Redis connection).
 * A tab out of sight lets its feed go after a minute (use-live-feed.ts), so this is the visible
 * tabs and windows of one browser with room to spare.
 */
export const FEEDS_PER_SESSION = 8;
/** Live feeds one account may hold open: a laptop, a phone and a tablet at their session cap. */
export const FEEDS_PER_ACCOUNT = 24;

interface OpenFeeds {
  bySession: Map<string, number>;
  byUser: Map<string, number>;
}

// Counted per server process: a host running N instances lets an account hold at most N times the cap.
const openFeeds = processSingleton<OpenFeeds>("open-feeds", () => ({
  bySession: new Map(),
  byUser: new Map(),
}));

function add(counts: Map<string, number>, key: string, by: number) {
  const count = (counts.get(key) ?? 0) + by;
  if (count > 0) counts.set(key, count);
  else counts.delete(key);
}

/**
 * Claims a place for one more feed of this device, or undefined when its session or its account is
 * at the cap. The returned release frees the place, once, however often it is called.
 */
export function claimFeed(actor: Actor): (() => void) | undefined {
  if (
    (openFeeds.bySession.get(actor.sessionId) ?? 0) >= FEEDS_PER_SESSION ||
    (openFeeds.byUser.get(actor.userId) ?? 0) >= FEEDS_PER_ACCOUNT
  ) {
    return undefined;
  }
  add(openFeeds.bySession, actor.sessionId, 1);
  add(openFeeds.byUser, actor.userId, 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    add(openFeeds.bySession, actor.sessionId, -1);
    add(openFeeds.byUser, actor.userId, -1);
  };
}
