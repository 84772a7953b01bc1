/** The feed bus's contract, shared by both backends (lib/todos/feed-wake.ts, feed-upstash.ts). */

/** What a user's channel carries: a committed change's counter, or an ended session ("*": all). */
export type FeedMessage = { version: string } | { signedOut: string };

/**
 * A subscription that dropped ("lost": messages may be missed, so poll) and came back ("restored":
 * read once to catch up). The in-process emitter never drops.
 */
export type FeedConnection = "lost" | "restored";

/** Fan-out of feed messages, one channel per user, named on the server from the user id alone. */
export interface FeedBus {
  publish(userId: string, message: FeedMessage): Promise<void>;
  /**
   * Resolves once listening, so a message published after it resolves arrives; rejects when the
   * bus cannot be reached. Resolves to the unsubscribe.
   */
  subscribe(
    userId: string,
    onMessage: (message: FeedMessage) => void,
    onConnection?: (state: FeedConnection) => void,
  ): Promise<() => void>;
}

/** The only way a channel is named: a prefix of the deployment and the user id from the session. */
export function feedChannel(prefix: string, userId: string): string {
  return `${prefix}:feed:${userId}`;
}
