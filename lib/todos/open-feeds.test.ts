import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/sessions/actor";
import { claimFeed, FEED_CAPS, FEEDS_PER_ACCOUNT, FEEDS_PER_SESSION } from "@/lib/todos/open-feeds";
import { createMemoryFeedLeases } from "@/lib/todos/open-feeds-memory";
import { createRedisFeedLeases } from "@/lib/todos/open-feeds-redis";
import {
  feedLeases,
  installFeedLeases,
  switchToAnotherInstance,
  withFeedBusBackend,
} from "@/test/feed-bus-backend";

// One suite for both backends: the in-process count, and leases in Redis through Upstash's client
// and the local REST server (TEST_REDIS_URL set, as in CI).
const backend = withFeedBusBackend();
const onUpstash = backend() === "upstash";

afterEach(() => {
  vi.restoreAllMocks();
  installFeedLeases();
});

const user = () => randomUUID();
const deviceOf = (userId: string): Actor => ({ userId, sessionId: randomUUID() });

async function claimAll(actor: Actor, count: number) {
  const releases = await Promise.all(Array.from({ length: count }, () => claimFeed(actor)));
  return releases;
}

describe(`the open-feed caps on the ${backend()} backend`, () => {
  it("refuse a session past its cap, and give the place back once, however often it is released", async () => {
    const device = deviceOf(user());
    const held = await claimAll(device, FEEDS_PER_SESSION);
    expect(held.every((release) => release !== undefined)).toBe(true);
    expect(await claimFeed(device)).toBeUndefined();
    await held[0]?.();
    await held[0]?.();
    const again = await claimFeed(device);
    expect(again).toBeDefined();
    expect(await claimFeed(device)).toBeUndefined();
  });

  it("refuse an account past its cap, however many sessions it spreads its feeds over, and no one else", async () => {
    const userId = user();
    let granted = 0;
    for (let i = 0; i * FEEDS_PER_SESSION < FEEDS_PER_ACCOUNT + FEEDS_PER_SESSION; i += 1) {
      const held = await claimAll(deviceOf(userId), FEEDS_PER_SESSION);
      granted += held.filter(Boolean).length;
    }
    expect(granted).toBe(FEEDS_PER_ACCOUNT);
    expect(await claimFeed(deviceOf(userId))).toBeUndefined();
    expect(await claimFeed(deviceOf(user()))).toBeDefined();
  });
});

describe.runIf(onUpstash)("the open-feed caps across instances (Redis)", () => {
  it("hold: a second instance refuses the place the first filled", async () => {
    const device = deviceOf(user());
    expect((await claimAll(device, FEEDS_PER_SESSION - 2)).every(Boolean)).toBe(true);
    switchToAnotherInstance();
    expect((await claimAll(device, 2)).every(Boolean)).toBe(true);
    expect(await claimFeed(device)).toBeUndefined();
    switchToAnotherInstance();
    expect(await claimFeed(device)).toBeUndefined();
  });

  it("give back the places an instance held once its leases lapse (the instance died)", async () => {
    const device = deviceOf(user());
    // This instance dies holding a full session: it never releases, and its leases lapse at once.
    installFeedLeases(feedLeases(1));
    expect((await claimAll(device, FEEDS_PER_SESSION)).every(Boolean)).toBe(true);
    await sleep(10);
    switchToAnotherInstance();
    expect((await claimAll(device, FEEDS_PER_SESSION)).every(Boolean)).toBe(true);
    expect(await claimFeed(device)).toBeUndefined();
  });
});

describe("the open-feed caps with Redis unreachable", () => {
  it("count in this process instead, and say so in the log", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    // Nothing listens on the last port of this range: every call fails to connect.
    installFeedLeases(
      createRedisFeedLeases({
        url: "http://127.0.0.1:43099",
        token: "t",
        prefix: "x",
        caps: FEED_CAPS,
        leaseMs: 1_000,
        timeoutMs: 500,
        fallback: createMemoryFeedLeases(FEED_CAPS),
      }),
    );
    const device = deviceOf(user());
    expect((await claimAll(device, FEEDS_PER_SESSION)).every(Boolean)).toBe(true);
    expect(await claimFeed(device)).toBeUndefined();
    expect(logged).toHaveBeenCalledWith(
      "Open-feed caps cannot reach Redis; counting in this process:",
      expect.anything(),
    );
  });
});
