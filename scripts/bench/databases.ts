import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { sql } from "kysely";
import { createDatabase } from "@/lib/db/create";
import { migrateToLatest } from "@/lib/db/migrate";
import { type BenchUser, seedUsers } from "./seed";
import type { ServerOptions } from "./server";

export interface BenchDatabase {
  label: string;
  server: ServerOptions["database"];
  measureWeights?: boolean;
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
    drop: async () => {
      await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
      await admin.destroy();
      proxy.kill();
    },
  };
}

/** Neon's WebSocket proxy stand-in, in its own process so it does not share the load generator's. */
async function startProxy() {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "scripts/neon-ws-proxy.ts", "--port", String(PROXY_PORT)],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the Neon WebSocket proxy exited (${code})`)));
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("Neon WebSocket proxy on")) resolve();
    });
  });
  return child;
}
