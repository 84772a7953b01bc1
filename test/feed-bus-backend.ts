import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, inject } from "vitest";
import type { FeedBus } from "@/lib/todos/feed-bus";
import { createUpstashFeedBus } from "@/lib/todos/feed-upstash";
import { createMemoryFeedBus } from "@/lib/todos/feed-wake";
import { FEED_CAPS, FEED_LEASE_MS } from "@/lib/todos/open-feeds";
import type { FeedLeases } from "@/lib/todos/open-feeds-caps";
import { createMemoryFeedLeases } from "@/lib/todos/open-feeds-memory";
import { createRedisFeedLeases } from "@/lib/todos/open-feeds-redis";
import { setProcessState } from "@/test/process-state";

/** Runs the live feed on `bus`, or (none given) on a fresh one of the file's backend. */
export function installFeedBus(bus?: FeedBus): void {
  setProcessState("feed-bus", bus ?? fileBus());
}

/** Counts open feeds with `leases`, or (none given) with fresh ones of the file's backend. */
export function installFeedLeases(leases?: FeedLeases): void {
  setProcessState("open-feeds", leases ?? fileLeases());
}

/**
 * What a new server instance starts with: its own bus client and its own count of open feeds.
 * On Upstash both reach the same Redis as every other instance; in memory, nothing is shared.
 */
export function switchToAnotherInstance(): void {
  installFeedBus();
  installFeedLeases();
}

let fileBus: () => FeedBus = createMemoryFeedBus;
let fileLeases: (options?: { leaseMs?: number }) => FeedLeases = () =>
  createMemoryFeedLeases(FEED_CAPS);

/** The file's Redis (through the local REST server) and key prefix, when it runs on Upstash. */
let fileUpstash: { url: string; token: string; prefix: string } | undefined;

/** Leases of the file's backend that lapse after `leaseMs` (Upstash only: memory never lapses). */
export function feedLeases(leaseMs = FEED_LEASE_MS): FeedLeases {
  return fileLeases({ leaseMs });
}

/**
 * Runs the file's live feeds and open-feed caps on Upstash's client through the local REST server
 * when TEST_REDIS_URL is set (CI), else in-process; each file gets channels and keys of its own.
 */
export function withFeedBusBackend(): () => "upstash" | "memory" {
  const upstash = inject("upstash");
  beforeAll(() => {
    if (upstash) {
      const prefix = `${upstash.prefix}:${randomBytes(4).toString("hex")}`;
      const { url, token } = upstash;
      fileUpstash = { url, token, prefix };
      // On a loaded machine a confirmation may take a while; the fallback has a test of its own.
      fileBus = () => createUpstashFeedBus({ url, token, prefix, timeoutMs: 10_000 });
      fileLeases = ({ leaseMs = FEED_LEASE_MS } = {}) =>
        createRedisFeedLeases({
          url,
          token,
          prefix,
          caps: FEED_CAPS,
          leaseMs,
          timeoutMs: 10_000,
          fallback: createMemoryFeedLeases(FEED_CAPS),
        });
    }
    installFeedBus();
    installFeedLeases();
  });
  afterAll(() => {
    fileBus = createMemoryFeedBus;
    fileLeases = () => createMemoryFeedLeases(FEED_CAPS);
    fileUpstash = undefined;
    setProcessState("feed-bus", undefined);
    setProcessState("open-feeds", undefined);
  });
  return () => (upstash ? "upstash" : "memory");
}

/** The file's Upstash settings, for a test that starts a REST server or client of its own. */
export function upstashOfFile() {
  return fileUpstash;
}
