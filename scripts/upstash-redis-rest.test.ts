import { randomBytes } from "node:crypto";
import { Redis } from "@upstash/redis";
import { describe, expect, inject, it } from "vitest";
import { startUpstashRest } from "./upstash-redis-rest";

// Needs the real Redis behind the stand-in: runs where TEST_REDIS_URL is set (CI's services step).
const upstash = inject("upstash");

async function until(check: () => Promise<boolean>) {
  for (let attempt = 0; attempt < 100 && !(await check()); attempt += 1)
    await new Promise((resolve) => setTimeout(resolve, 50));
}

describe.skipIf(!upstash)("the Upstash stand-in's streaming SUBSCRIBE", () => {
  it("streams what is published to the real client, and lets the Redis connection go on unsubscribe", async () => {
    if (!upstash) return;
    const redis = new Redis({ url: upstash.url, token: upstash.token, enableTelemetry: false });
    const channel = `${upstash.prefix}:stand-in:${randomBytes(4).toString("hex")}`;
    const subscriber = redis.subscribe<{ n: number }>(channel);
    const received: unknown[] = [];
    subscriber.on("message", ({ message }) => received.push(message));
    await new Promise((resolve) => subscriber.on("subscribe", resolve));

    expect(await redis.publish(channel, { n: 1 })).toBe(1);
    await until(async () => received.length === 1);
    expect(received).toEqual([{ n: 1 }]);

    await subscriber.unsubscribe();
    await until(async () => (await redis.publish(channel, { n: 2 })) === 0);
    expect(await redis.publish(channel, { n: 3 })).toBe(0);
    expect(received).toEqual([{ n: 1 }]);
  });

  it("refuses a subscription without the token, as Upstash does", async () => {
    if (!upstash) return;
    const stranger = new Redis({
      url: upstash.url,
      token: "wrong",
      retry: false,
      enableTelemetry: false,
    });
    const subscriber = stranger.subscribe(`${upstash.prefix}:stand-in:refused`);
    const error = await new Promise((resolve) => subscriber.on("error", resolve));
    expect(String(error)).toMatch(/Unauthorized/);
  });
});

describe.skipIf(!process.env.TEST_REDIS_URL)("the Upstash stand-in's command count", () => {
  it("counts each command a client has run, one by one or in a pipeline", async () => {
    const rest = await startUpstashRest({ redisUrl: process.env.TEST_REDIS_URL ?? "", token: "t" });
    try {
      const redis = new Redis({ url: rest.url, token: "t", enableTelemetry: false });
      const key = `stand-in-count:${randomBytes(4).toString("hex")}`;
      expect(rest.commands()).toBe(0);
      await redis.set(key, "1");
      const pipeline = redis.pipeline();
      pipeline.incr(key);
      pipeline.del(key);
      await pipeline.exec();
      expect(rest.commands()).toBe(3);
    } finally {
      await rest.close();
    }
  });
});
