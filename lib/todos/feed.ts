import "server-only";
import * as z from "zod";
import { isDatabaseUnavailable } from "@/lib/http/errors";
import { loggable } from "@/lib/log";
import type { Actor } from "@/lib/sessions/actor";
import { type FeedState, readFeedState } from "./change-version";
import { type FeedMessage, feedBus } from "./feed-bus";
import type { FeedConnection } from "./feed-channel";

/**
 * How often a feed asks the database while the bus (Redis) cannot be reached: slow, since it is
 * only the fallback that keeps a device from going stale; with the bus up, an idle feed asks
 * nothing.
 */
export const FEED_FALLBACK_POLL_MS = 5_000;
/**
 * Each response ends before a serverless host's time limit and the browser reconnects; each
 * connection costs one read (the catch-up) and one SUBSCRIBE, so 30 of each an hour.
 */
export const FEED_DURATION_MS = 120_000;
/** How soon the browser reconnects after a response ends (EventSource `retry`). */
export const FEED_RETRY_MS = 250;

/** The counter the device last saw: `Last-Event-ID` on a reconnect, else `?since=` from the page. */
export const feedVersion = z
  .string()
  .regex(/^\d{1,19}$/, "Must be a change version (digits) from this feed")
  .optional();

export interface FeedOptions {
  /** The fallback poll's interval, used only while the bus cannot be reached. */
  pollMs?: number;
  durationMs?: number;
  signal?: AbortSignal;
  /**
   * Called once the stream has ended, by its deadline, a sign-out or the device going away; a
   * cancel of the stream waits for what it returns (the feed's place given back).
   */
  onEnd?: () => void | Promise<void>;
}

/** What reaches a feed: a message on its channel, or news of the subscription itself. */
type InboxItem = FeedMessage | { connection: FeedConnection };

const encoder = new TextEncoder();

function frame(event: string, id: string | undefined, data: unknown): Uint8Array {
  return encoder.encode(
    `${id === undefined ? "" : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`,
  );
}

/**
 * Server-sent events for one device: `change` when the user's counter moves past `since`,
 * `signed-out` (then the end) once the device's session is gone. It carries only a number: the
 * page fetches the todos itself, through the same authorization as every other read. It listens
 * on the user's channel (named from the session, never from the request) and reads the database
 * once per connection and once per reconnect of the bus (the catch-up), or every `pollMs` while
 * the bus is unreachable.
 */
export function feedStream(actor: Actor, since: string | undefined, options: FeedOptions = {}) {
  const { pollMs = FEED_FALLBACK_POLL_MS, durationMs = FEED_DURATION_MS } = options;
  const stop = new AbortController();
  options.signal?.addEventListener("abort", () => stop.abort());
  let ended = false;
  const end = async () => {
    if (ended) return;
    ended = true;
    await options.onEnd?.();
  };
  const inbox: InboxItem[] = [];
  let wake: (() => void) | undefined;
  const deliver = (item: InboxItem) => {
    inbox.push(item);
    wake?.();
  };
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const deadline = Date.now() + durationMs;
      let seen = since;
      // A device that went away mid-read has no stream left to write to.
      const send = (bytes: Uint8Array) => stop.signal.aborted || controller.enqueue(bytes);
      /** Sends what the state says; false once the session is gone. */
      const report = (state: FeedState) => {
        if (!state.live) {
          send(frame("signed-out", undefined, {}));
          return false;
        }
        if (seen === undefined) send(frame("version", state.version, state));
        else if (BigInt(state.version) > BigInt(seen)) send(frame("change", state.version, state));
        else return true;
        seen = state.version;
        return true;
      };
      send(encoder.encode(`retry: ${FEED_RETRY_MS}\n\n`));
      let unsubscribe: (() => void) | undefined;
      let polling = false;
      try {
        try {
          // Listening first, then the catch-up read: a change committed in between is not lost.
          unsubscribe = await feedBus().subscribe(actor.userId, deliver, (connection) =>
            deliver({ connection }),
          );
        } catch (error) {
          console.error("Live feed cannot subscribe; polling:", loggable(error));
          polling = true;
        }
        let live = !stop.signal.aborted && report(await readFeedState(actor));
        while (live && !stop.signal.aborted) {
          const left = deadline - Date.now();
          if (left <= 0) break;
          const item: InboxItem | undefined =
            inbox.shift() ?? (await next(polling ? Math.min(pollMs, left) : left));
          if (item === undefined) {
            if (polling) live = report(await readFeedState(actor));
          } else if ("connection" in item) {
            // Dropped: poll until it is back. Back: one read catches up what it missed.
            polling = item.connection === "lost";
            if (polling) console.error("Live feed lost its subscription; polling until it is back");
            else live = report(await readFeedState(actor));
          } else if ("version" in item) {
            live = report({ live: true, version: item.version });
          } else if (item.signedOut === actor.sessionId || item.signedOut === "*") {
            live = report({ live: false, version: seen ?? "0" });
          }
        }
      } catch (error) {
        // The browser reconnects by itself; an outage is only worth a line when it is not one.
        if (!isDatabaseUnavailable(error)) console.error("Live feed failed:", loggable(error));
      }
      unsubscribe?.();
      void end();
      if (!stop.signal.aborted) controller.close();
    },
    cancel() {
      stop.abort();
      wake?.();
      // The place is free now, not once a read in flight has finished.
      return end();
    },
  });

  /** The next message, or undefined after `ms` or once the feed is cancelled. */
  function next(ms: number): Promise<InboxItem | undefined> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve(inbox.shift());
      };
      const timer = setTimeout(done, ms);
      wake = done;
    });
  }
}
