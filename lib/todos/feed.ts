import "server-only";
import * as z from "zod";
import { isDatabaseUnavailable } from "@/lib/http/errors";
import { loggable } from "@/lib/log";
import type { Actor } from "@/lib/sessions/actor";
import { readFeedState } from "./change-version";
import { onTodoWrite } from "./feed-wake";

/**
 * How often an open feed asks the database: a change made through another server instance shows
 * within this plus one page refresh, and a device signed out elsewhere learns it within this.
 */
export const FEED_POLL_MS = 500;
/** Each response ends well before a serverless host's time limit; the browser reconnects. */
export const FEED_DURATION_MS = 25_000;
/** How soon the browser reconnects after a response ends (EventSource `retry`). */
export const FEED_RETRY_MS = 250;

/** The counter the device last saw: `Last-Event-ID` on a reconnect, else `?since=` from the page. */
export const feedVersion = z
  .string()
  .regex(/^\d{1,19}$/, "Must be a change version (digits) from this feed")
  .optional();

export interface FeedOptions {
  pollMs?: number;
  durationMs?: number;
  signal?: AbortSignal;
  /** Called once the stream has ended, by its deadline, a sign-out or the device going away. */
  onEnd?: () => void;
}

const encoder = new TextEncoder();

function frame(event: string, id: string | undefined, data: unknown): Uint8Array {
  return encoder.encode(
    `${id === undefined ? "" : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`,
  );
}

/** Waits `ms`, or less: until the feed ends or this process writes the user's todos. */
function sleep(ms: number, signal: AbortSignal, userId: string): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const unsubscribe = onTodoWrite(userId, done);
    signal.addEventListener("abort", done, { once: true });
  });
}

/**
 * Server-sent events for one device: `change` when the user's counter moves past `since`,
 * `signed-out` (then the end) once the device's session is gone. It carries only a number: the
 * page fetches the todos itself, through the same authorization as every other read.
 */
export function feedStream(actor: Actor, since: string | undefined, options: FeedOptions = {}) {
  const { pollMs = FEED_POLL_MS, durationMs = FEED_DURATION_MS } = options;
  const stop = new AbortController();
  options.signal?.addEventListener("abort", () => stop.abort());
  let ended = false;
  const end = () => {
    if (!ended) options.onEnd?.();
    ended = true;
  };
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const deadline = Date.now() + durationMs;
      let seen = since;
      // A device that went away mid-poll has no stream left to write to.
      const send = (bytes: Uint8Array) => stop.signal.aborted || controller.enqueue(bytes);
      send(encoder.encode(`retry: ${FEED_RETRY_MS}\n\n`));
      try {
        while (!stop.signal.aborted) {
          const state = await readFeedState(actor);
          if (!state.live) {
            send(frame("signed-out", undefined, {}));
            break;
          }
          if (seen === undefined) send(frame("version", state.version, state));
          else if (state.version !== seen) send(frame("change", state.version, state));
          seen = state.version;
          const left = deadline - Date.now();
          if (left <= 0) break;
          await sleep(Math.min(pollMs, left), stop.signal, actor.userId);
        }
      } catch (error) {
        // The browser reconnects by itself; an outage is only worth a line when it is not one.
        if (!isDatabaseUnavailable(error)) console.error("Live feed failed:", loggable(error));
      }
      end();
      if (!stop.signal.aborted) controller.close();
    },
    cancel() {
      stop.abort();
      // The place is free now, not once a poll in flight has finished.
      end();
    },
  });
}
