/**
 * The live feed as deployed: two instances of the app share Postgres (through the Neon driver) and
 * Redis (Upstash's REST API, the local stand-in); feeds hold subscriptions, writes publish.
 * Measures what an idle device costs (SQL statements, Redis commands, CPU), how soon a change
 * reaches another device on the same and on the other instance, and many feeds on one instance.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startUpstashRest } from "../upstash-redis-rest";
import { buildVariantIfNeeded } from "./build";
import { prepareDatabase } from "./databases";
import { cookieHeader, type Device, inBatches, renew, signIn } from "./devices";
import { type OpenFeed, openFeed, timeChanges } from "./feed";
import { type RunningServer, startServer } from "./server";

export interface FeedPushSettings {
  /** Idle devices, one feed each, one account each. */
  idleDevices: number;
  /** How long the idle devices are watched: past one feed response (120 s) to count reconnects. */
  idleWindowMs: number;
  /** The same window with no feed open, set against it. */
  quietWindowMs: number;
  latencyRounds: number;
  /** Feeds opened on one instance at once (8 per session, 3 sessions per account). */
  manyFeeds: number;
  manyWindowMs: number;
}

export const FULL: FeedPushSettings = {
  idleDevices: 100,
  idleWindowMs: 130_000,
  quietWindowMs: 60_000,
  latencyRounds: 40,
  manyFeeds: 1000,
  manyWindowMs: 60_000,
};

export interface FeedPushResult {
  settings: FeedPushSettings;
  statementsPerIdleDeviceHour: number;
  redisCommandsPerIdleDeviceHour: number;
  cpuMsPerIdleFeedMinute: number;
  sameInstance: { p50: number; p95: number };
  otherInstance: { p50: number; p95: number };
  many: {
    opened: number;
    errors: number;
    rssBeforeBytes: number;
    rssAfterBytes: number;
    cpuMsPerMinute: number;
    openSeconds: number;
  };
}

const perHour = (count: number, ms: number, devices: number) =>
  (count / devices) * (3_600_000 / ms);

let nextIp = 0;
const freshIp = () => {
  nextIp += 1;
  return `10.9.${(nextIp >> 8) & 255}.${nextIp & 255}`;
};

/** CPU, statements and Redis commands a window costs, less what the same window costs quiet. */
async function windowCost(server: RunningServer, redisCommands: () => number, ms: number) {
  const start = { cpu: server.cpuMs(), sql: await server.queries(), redis: redisCommands() };
  await sleep(ms);
  return {
    cpuMs: server.cpuMs() - start.cpu,
    statements: (await server.queries()) - start.sql,
    redis: redisCommands() - start.redis,
  };
}

export async function measureFeedPush(settings: FeedPushSettings): Promise<FeedPushResult> {
  buildVariantIfNeeded("counted");
  const port = Number(process.env.BENCH_PORT ?? 3400);
  const sessionsForMany = Math.ceil(settings.manyFeeds / 8);
  const manyAccounts = Math.ceil(sessionsForMany / 3);
  const users = [
    ...Array.from({ length: settings.idleDevices }, (_, i) => `idle-${i}@bench.test`),
    "writer@bench.test",
    ...Array.from({ length: manyAccounts }, (_, i) => `many-${i}@bench.test`),
  ];
  const workDir = mkdtempSync(join(tmpdir(), "todo-bench-feed-"));
  const database = await prepareDatabase(
    "postgres",
    workDir,
    users.map((email) => ({ email, todos: 0 })),
  );
  if (!database) throw new Error("the feed bench needs Postgres (BENCH_DATABASE_URL)");
  const token = randomBytes(16).toString("hex");
  const rest = await startUpstashRest({
    redisUrl: process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379",
    token,
  });
  const prefix = `todo-bench-${randomBytes(4).toString("hex")}`;
  const upstash = { url: rest.url, token, prefix };
  const servers: RunningServer[] = [];
  const feeds: OpenFeed[] = [];
  try {
    const one = await startServer({ port, database: database.server, build: "counted", upstash });
    servers.push(one);
    // The same secret: a device signed in through one instance is signed in on the other.
    const two = await startServer({
      port: port + 1,
      database: database.server,
      build: "counted",
      upstash,
      secret: one.secret,
    });
    servers.push(two);
    const devices = await inBatches(users.slice(0, settings.idleDevices + 1), 4, (email) =>
      signIn(one.url, email, freshIp()),
    );
    const writer = devices.pop() as Device;

    console.log(`  idle: ${settings.idleDevices} devices, one feed each`);
    const quiet = await windowCost(one, rest.commands, settings.quietWindowMs);
    // Fresh access JWTs: none expires (and renews, with statements) inside the window.
    await inBatches(devices, 4, (device) => renew(one.url, device, false));
    feeds.push(...devices.map((device) => openFeed(one.url, device)));
    await Promise.all(feeds.map((feed) => feed.opened));
    const idle = await windowCost(one, rest.commands, settings.idleWindowMs);
    const scale = settings.idleWindowMs / settings.quietWindowMs;
    const idleCost = {
      statements: Math.max(0, idle.statements - quiet.statements * scale),
      redis: Math.max(0, idle.redis - quiet.redis * scale),
      cpuMs: Math.max(0, idle.cpuMs - quiet.cpuMs * scale),
    };
    for (const feed of feeds.splice(0)) feed.close();

    console.log(`  latency: ${settings.latencyRounds} writes through instance 1`);
    // Access JWTs live 5 minutes: a fresh one, so no write of the run renews (and rotates) it.
    await renew(one.url, writer, false);
    const write = async (i: number) => {
      const response = await fetch(new URL("/api/todos", one.url), {
        method: "POST",
        headers: {
          cookie: cookieHeader(writer),
          "x-real-ip": writer.ip,
          origin: one.url,
          "content-type": "application/json",
        },
        body: JSON.stringify({ title: `feed latency ${i}` }),
      });
      if (response.status !== 201) throw new Error(`feed latency write: ${response.status}`);
    };
    const timeOn = async (server: RunningServer) => {
      const listener = openFeed(server.url, writer);
      await listener.opened;
      try {
        return await timeChanges(listener, settings.latencyRounds, write);
      } finally {
        listener.close();
      }
    };
    const sameInstance = await timeOn(one);
    const otherInstance = await timeOn(two);

    console.log(`  many: ${settings.manyFeeds} feeds on instance 1`);
    const manyDevices = await inBatches(
      Array.from(
        { length: sessionsForMany },
        (_, i) => users[settings.idleDevices + 1 + (i % manyAccounts)] ?? "",
      ),
      4,
      (email) => signIn(one.url, email, freshIp()),
    );
    const rssBeforeBytes = one.rssBytes();
    const opening = performance.now();
    for (let i = 0; i < settings.manyFeeds; i += 1) {
      feeds.push(openFeed(one.url, manyDevices[i % manyDevices.length] as Device));
    }
    await Promise.race([Promise.all(feeds.map((feed) => feed.opened)), sleep(120_000)]);
    const openSeconds = (performance.now() - opening) / 1000;
    const many = await windowCost(one, rest.commands, settings.manyWindowMs);
    const result: FeedPushResult = {
      settings,
      statementsPerIdleDeviceHour: perHour(
        idleCost.statements,
        settings.idleWindowMs,
        settings.idleDevices,
      ),
      redisCommandsPerIdleDeviceHour: perHour(
        idleCost.redis,
        settings.idleWindowMs,
        settings.idleDevices,
      ),
      cpuMsPerIdleFeedMinute:
        idleCost.cpuMs / settings.idleDevices / (settings.idleWindowMs / 60_000),
      sameInstance,
      otherInstance,
      many: {
        opened: feeds.length,
        errors: feeds.reduce((sum, feed) => sum + feed.errors(), 0),
        rssBeforeBytes,
        rssAfterBytes: one.rssBytes(),
        cpuMsPerMinute: many.cpuMs / (settings.manyWindowMs / 60_000),
        openSeconds,
      },
    };
    return result;
  } catch (error) {
    for (const server of servers) console.error(server.output());
    throw error;
  } finally {
    for (const feed of feeds) feed.close();
    for (const server of servers) await server.stop();
    const keys = await rest.redis.keys(`${prefix}*`);
    if (keys.length) await rest.redis.del(...keys);
    await rest.close();
    await database.drop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

export function feedPushTable(r: FeedPushResult): string {
  const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
  const s = r.settings;
  const perFeedKiB =
    Math.max(0, r.many.rssAfterBytes - r.many.rssBeforeBytes) / r.many.opened / 1024;
  return [
    "| live feed, pushed (two instances, Postgres via the Neon driver, Redis via Upstash REST) | measured | goal |",
    "| --- | ---: | ---: |",
    `| SQL statements per idle device per hour (${s.idleDevices} devices, ${s.idleWindowMs / 1000} s) | ${r.statementsPerIdleDeviceHour.toFixed(1)} | ≤ 30 |`,
    `| Redis commands per idle device per hour (as Upstash bills) | ${r.redisCommandsPerIdleDeviceHour.toFixed(0)} | ≤ 200 |`,
    `| change → other device, same instance (${s.latencyRounds} writes) | p50 ${r.sameInstance.p50} ms, p95 ${r.sameInstance.p95} ms | p95 ≤ 100 ms |`,
    `| change → other device, another instance | p50 ${r.otherInstance.p50} ms, p95 ${r.otherInstance.p95} ms | p95 ≤ 250 ms |`,
    `| server CPU per idle feed | ${r.cpuMsPerIdleFeedMinute.toFixed(2)} ms/min | lower than 62 ms |`,
    `| server memory per open feed (${r.many.opened} feeds) | ${perFeedKiB.toFixed(0)} KiB | lower than 1,109 KiB |`,
    `| ${r.many.opened} open feeds on one instance | RSS ${mib(r.many.rssBeforeBytes)} → ${mib(r.many.rssAfterBytes)} MiB, CPU ${r.many.cpuMsPerMinute.toFixed(0)} ms/min, opened in ${r.many.openSeconds.toFixed(1)} s, ${r.many.errors} errors | no errors |`,
  ].join("\n");
}
