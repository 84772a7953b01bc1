import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { startNeonWsProxy } from "../scripts/neon-ws-proxy";
import { startUpstashRest } from "../scripts/upstash-redis-rest";

declare module "vitest" {
  export interface ProvidedContext {
    neonWsProxy: string | undefined;
    upstash: { url: string; token: string; prefix: string } | undefined;
  }
}

/**
 * TEST_DATABASE_URL: every test database goes through the Neon driver and the WebSocket proxy.
 * TEST_REDIS_URL: the rate limiter runs on Upstash's client through the REST server, under a
 * key prefix of this run's own, deleted at the end.
 */
export default async function setup(project: TestProject) {
  const teardown: (() => Promise<void>)[] = [];
  project.provide("neonWsProxy", undefined);
  project.provide("upstash", undefined);

  if (process.env.TEST_DATABASE_URL) {
    const proxy = await startNeonWsProxy();
    project.provide("neonWsProxy", `127.0.0.1:${proxy.port}`);
    teardown.push(proxy.close);
  }
  if (process.env.TEST_REDIS_URL) {
    const token = randomBytes(16).toString("hex");
    const rest = await startUpstashRest({ redisUrl: process.env.TEST_REDIS_URL, token });
    const prefix = `todo-test-${randomBytes(4).toString("hex")}`;
    project.provide("upstash", { url: rest.url, token, prefix });
    teardown.push(async () => {
      const keys = await rest.redis.keys(`${prefix}*`);
      if (keys.length) await rest.redis.del(...keys);
      await rest.close();
    });
  }
  return async () => {
    for (const close of teardown) await close();
  };
}
