import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { createDatabase } from "@/lib/db/create";
import { migrateToLatest } from "@/lib/db/migrate";
import { startNeonWsProxy } from "./neon-ws-proxy";
import { startUpstashRest } from "./upstash-redis-rest";

export interface SharedBackends {
  /** What every instance is started with: one database, one Redis, one key prefix. */
  env: {
    DATABASE_URL: string;
    NEON_WS_PROXY: string;
    UPSTASH_REDIS_REST_URL: string;
    UPSTASH_REDIS_REST_TOKEN: string;
    RATE_LIMIT_PREFIX: string;
  };
  database: { url: string; wsProxy: string };
  rest: Awaited<ReturnType<typeof startUpstashRest>>;
  /** Drops the database and the prefix's keys, then stops the proxy and the stand-in. */
  close(): Promise<void>;
}

/**
 * What several instances of the app share, as on a host: a fresh, migrated Postgres database
 * reached through the Neon driver (the WebSocket proxy stand-in) and the machine's Redis reached
 * through the Upstash client (the REST stand-in), under a key prefix of this run's own.
 */
export async function startSharedBackends(options: {
  label: string;
  adminUrl: string;
  redisUrl: string;
  /** Fixed ports for the two stand-ins (0: any free one). */
  wsProxyPort?: number;
  restPort?: number;
}): Promise<SharedBackends> {
  const cleanup: (() => Promise<unknown> | unknown)[] = [];
  const close = async () => {
    for (const step of cleanup.reverse()) await step();
  };
  try {
    const proxy = await startNeonWsProxy(options.wsProxyPort ?? 0);
    cleanup.push(proxy.close);
    const wsProxy = `127.0.0.1:${proxy.port}`;

    // A database of this run's own, migrated once before any instance starts.
    const name = `todo_${options.label}_${randomBytes(6).toString("hex")}`;
    const admin = createDatabase({ kind: "neon", url: options.adminUrl, wsProxy });
    await sql`create database ${sql.id(name)}`.execute(admin);
    cleanup.push(async () => {
      await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
      await admin.destroy();
    });
    const url = new URL(options.adminUrl);
    url.pathname = `/${name}`;
    const databaseUrl = url.toString();
    const migrator = createDatabase({ kind: "neon", url: databaseUrl, wsProxy });
    await migrateToLatest(migrator);
    await migrator.destroy();

    const token = randomBytes(16).toString("hex");
    const rest = await startUpstashRest({
      port: options.restPort,
      redisUrl: options.redisUrl,
      token,
    });
    const prefix = `todo-${options.label}-${randomBytes(4).toString("hex")}`;
    cleanup.push(async () => {
      const keys = await rest.redis.keys(`${prefix}*`);
      if (keys.length) await rest.redis.del(...keys);
      await rest.close();
    });
    return {
      env: {
        DATABASE_URL: databaseUrl,
        NEON_WS_PROXY: wsProxy,
        UPSTASH_REDIS_REST_URL: rest.url,
        UPSTASH_REDIS_REST_TOKEN: token,
        RATE_LIMIT_PREFIX: prefix,
      },
      database: { url: databaseUrl, wsProxy },
      rest,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
