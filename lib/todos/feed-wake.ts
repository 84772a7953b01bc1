import "server-only";
import { processSingleton } from "@/lib/process-state";

// The poll is what works across serverless instances; a write served by the same instance as a
// feed also wakes that feed at once (the in-memory shortcut a laptop or one server always takes).

type Listener = () => void;

function listeners(): Map<string, Set<Listener>> {
  return processSingleton("feed-listeners", () => new Map<string, Set<Listener>>());
}

/** Called after a write to this user's todos has been committed. */
export function wakeFeeds(userId: string): void {
  for (const listener of listeners().get(userId) ?? []) listener();
}

/** Runs `listener` on this user's next writes (in this process); returns the unsubscribe. */
export function onTodoWrite(userId: string, listener: Listener): () => void {
  const set = listeners().get(userId) ?? new Set();
  set.add(listener);
  listeners().set(userId, set);
  return () => {
    set.delete(listener);
    if (set.size === 0) listeners().delete(userId);
  };
}
