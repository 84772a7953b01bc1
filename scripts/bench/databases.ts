import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { sql } from "kysely";
import { createDatabase } from "@/lib/db/create";
import { migrateToLatest } from "@/lib/db/migrate";
import type { DelayProfileName } from "../network-delay";
import { type BenchUser, seedUsers } from "./seed";
import type { ServerOptions } from "./server";

export interface BenchDatabase {
  label: string;
  server: ServerOptions["database"];
  measureWeights?: boolean;
  /** Postgres only: the network profile every database round trip meets from now on. */
  setProfile?(profile: DelayProfileName): Promise<void>;
  drop(): Promise<void>;
}

const POSTGRES_URL =
  process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const PROXY_PORT = Number(process.env.BENCH_PROXY_PORT ?? 5499);

/** A fresh, migrated, seeded database; undefined when the machine has no Postgres to use. */
export async function prepareDatabase(
  kind: "pglite" | "postgres",
  workDir: string,
  users: BenchUser[],
): Promise<BenchDatabase | undefined> {
  return kind === "pglite" ? preparePGlite(workDir, users) : preparePostgres(users);
}

async function preparePGlite(workDir: string, users: BenchUser[]): Promise<BenchDatabase> {
  const dataDir = join(workDir, "pglite");
  const db = createDatabase({ kind: "pglite", dataDir, migrate: true });
  try {
    await seedUsers(db, users);
  } finally {
    await db.destroy();
  }
  return { label: "embedded PGlite", server: { pgliteDir: dataDir }, drop: async () => {} };
}

async function preparePostgres(users: BenchUser[]): Promise<BenchDatabase | undefined> {
  const proxy = await startProxy();
  const wsProxy = `127.0.0.1:${PROXY_PORT}`;
  const admin = createDatabase({ kind: "neon", url: POSTGRES_URL, wsProxy });
  try {
    await sql`select 1`.execute(admin);
  } catch (error) {
    console.warn(`Skipping Postgres (${POSTGRES_URL} unreachable: ${(error as Error).message})`);
    await admin.destroy();
    proxy.kill();
    return undefined;
  }
  const name = `todo_bench_${randomBytes(4).toString("hex")}`;
  await sql`create database ${sql.id(name)}`.execute(admin);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  const db = createDatabase({ kind: "neon", url: url.toString(), wsProxy });
  try {
    await migrateToLatest(db);
    await seedUsers(db, users);
  } finally {
    await db.destroy();
  }
  return {
    label: "Postgres via the Neon driver",
    server: { url: url.toString(), wsProxy },
    setProfile: proxy.setProfile,
    drop: async () => {
      await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
      await admin.destroy();
      proxy.kill();
    },
  };
}

/**
 * Neon's WebSocket proxy stand-in, in its own process so it does not share the load generator's;
 * its network profile is switched with a line on its stdin, answered on its stdout.
 */
async function startProxy() {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "scripts/neon-ws-proxy.ts", "--port", String(PROXY_PORT)],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  const waitForLine = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const onExit = (code: number | null) =>
        reject(new Error(`the Neon WebSocket proxy exited (${code})`));
      const onData = (chunk: Buffer) => {
        if (!chunk.toString().includes(text)) return;
        child.off("exit", onExit);
        child.stdout?.off("data", onData);
        resolve();
      };
      child.once("exit", onExit);
      child.stdout?.on("data", onData);
    });
  await waitForLine("Neon WebSocket proxy on");
  return {
    setProfile: async (profile: DelayProfileName) => {
      const answered = waitForLine(`profile ${profile}`);
      child.stdin?.write(`profile ${profile}\n`);
      await answered;
    },
    kill: () => child.kill(),
  };
}
