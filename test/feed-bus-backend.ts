import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, inject } from "vitest";
import type { FeedBus } from "@/lib/todos/feed-bus";
import { createUpstashFeedBus } from "@/lib/todos/feed-upstash";
import { createMemoryFeedBus } from "@/lib/todos/feed-wake";
import { setProcessState } from "@/test/process-state";

/** Runs the live feed on `bus`, or (none given) on a fresh one of the file's backend. */
export function installFeedBus(bus?: FeedBus): void {
  setProcessState("feed-bus", bus ?? fileBus());
}

let fileBus: () => FeedBus = createMemoryFeedBus;

/**
 * Runs the file's live feeds on Upstash's client through the local REST server when TEST_REDIS_URL
 * is set (CI), else on the in-process emitter; each file gets channels of its own.
 */
export function withFeedBusBackend(): () => "upstash" | "memory" {
  const upstash = inject("upstash");
  beforeAll(() => {
    if (upstash) {
      const prefix = `${upstash.prefix}:${randomBytes(4).toString("hex")}`;
      const { url, token } = upstash;
      // On a loaded machine a confirmation may take a while; the fallback has a test of its own.
      fileBus = () => createUpstashFeedBus({ url, token, prefix, timeoutMs: 10_000 });
    }
    installFeedBus();
  });
  afterAll(() => {
    fileBus = createMemoryFeedBus;
    setProcessState("feed-bus", undefined);
  });
  return () => (upstash ? "upstash" : "memory");
}
