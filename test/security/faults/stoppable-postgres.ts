import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, inject } from "vitest";
import { createDatabase, type DB } from "@/lib/db/create";
import { migrateToLatest } from "@/lib/db/migrate";
import { startNeonWsProxy } from "@/scripts/neon-ws-proxy";
import { forgetAuth, installDatabase, settleBackgroundTasks } from "@/test/process-state";

export interface StoppablePostgres {
  db: DB;
  /** The app loses the database: the proxy closes every connection and refuses new ones. */
  stop: () => Promise<void>;
  /** The database comes back on the same address. */
  start: () => Promise<void>;
}

/**
 * A fresh Postgres database reached through the Neon driver via a WebSocket proxy of this file's
 * own, installed as the app's: stopping the proxy is the database becoming unreachable.
 */
export function withStoppablePostgres(): () => StoppablePostgres {
  let current: StoppablePostgres | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const adminUrl = process.env.TEST_DATABASE_URL ?? "";
    const admin = createDatabase({ kind: "neon", url: adminUrl, wsProxy: inject("neonWsProxy") });
    const name = `todo_fault_${randomBytes(6).toString("hex")}`;
    await sql`create database ${sql.id(name)}`.execute(admin);
    let proxy = await startNeonWsProxy();
    const port = proxy.port;
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const db = createDatabase({ kind: "neon", url: url.toString(), wsProxy: `127.0.0.1:${port}` });
    await migrateToLatest(db);
    let running = true;
    current = {
      db,
      stop: async () => {
        if (running) await proxy.close();
        running = false;
        // As in a real outage, the pool sees its connections end before anyone calls again.
        await new Promise((resolve) => setTimeout(resolve, 100));
      },
      start: async () => {
        if (!running) proxy = await startNeonWsProxy(port);
        running = true;
      },
    };
    installDatabase(db);
    forgetAuth();
    cleanup = async () => {
      await current?.start();
      await settleBackgroundTasks();
      installDatabase(undefined);
      forgetAuth();
      await db.destroy();
      await proxy.close();
      await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
      await admin.destroy();
    };
  });
  afterAll(async () => {
    await cleanup?.();
  });
  return () => {
    if (!current) throw new Error("withStoppablePostgres: not ready yet");
    return current;
  };
}
