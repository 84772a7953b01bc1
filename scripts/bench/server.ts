import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { variantDir } from "./build";
import type { VariantName } from "./variants";

export interface ServerOptions {
  port: number;
  /** DATABASE_URL + NEON_WS_PROXY for Postgres through the Neon driver, or a PGlite directory. */
  database: { url: string; wsProxy: string } | { pgliteDir: string };
  /**
   * "production": the app as deployed (npm run build); a variant: one of the bench's own builds,
   * which count database statements (scripts/bench/variants).
   */
  build: "production" | VariantName;
  /** The same secret in a second process keeps the devices' cookies valid (cold starts). */
  secret?: string;
  /** Extra flags for the server's node, e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** Redis through Upstash's REST API (the local stand-in): the feed bus, caps and limits. */
  upstash?: { url: string; token: string; prefix: string };
  /**
   * Several instances behind a balancer (the soak): the public address every instance answers
   * for, and the Upstash REST stand-in they share (scripts/shared-backends.ts).
   */
  cluster?: {
    publicUrl: string;
    redis: {
      UPSTASH_REDIS_REST_URL: string;
      UPSTASH_REDIS_REST_TOKEN: string;
      RATE_LIMIT_PREFIX: string;
    };
  };
}

export interface RunningServer {
  url: string;
  pid: number;
  secret: string;
  /** Database statements answered since the server started (0 unless the build counts them). */
  queries(): Promise<number>;
  rssBytes(): number;
  /** CPU time the server process has used, in ms (user + system). */
  cpuMs(): number;
  stop(): Promise<void>;
  output(): string;
}

const nextBin = join(process.cwd(), "node_modules/next/dist/bin/next");
export const FLOOR_APP_DIR = join(process.cwd(), "bench/floor-app");

interface Spawned {
  child: ChildProcess;
  url: string;
  log(): string;
}

function spawnNext(
  dir: string,
  port: number,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Spawned {
  const child = spawn(
    process.execPath,
    [...nodeArgs, nextBin, "start", dir, "-p", String(port), "-H", "127.0.0.1"],
    { env: { ...process.env, NODE_ENV: "production", ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let log = "";
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { child, url: `http://127.0.0.1:${port}`, log: () => log };
}

function appDir(options: ServerOptions): string {
  return options.build === "production" ? "." : variantDir(options.build);
}

/** Where a variant's statement counter writes its total, one file per server. */
function statsFileOf(options: ServerOptions): string | undefined {
  if (options.build === "production") return undefined;
  return join(tmpdir(), `bench-stats-${process.pid}-${options.port}.json`);
}

function appEnv(options: ServerOptions, secret: string): Record<string, string> {
  const db: Record<string, string> =
    "pgliteDir" in options.database
      ? { DATABASE_URL: "", NEON_WS_PROXY: "", PGLITE_DIR: options.database.pgliteDir }
      : { DATABASE_URL: options.database.url, NEON_WS_PROXY: options.database.wsProxy };
  const statsFile = statsFileOf(options);
  return {
    // The test-only switches below are refused in a deployment.
    EMBEDDED_MODE: "1",
    BETTER_AUTH_URL: options.cluster?.publicUrl ?? `http://127.0.0.1:${options.port}`,
    BETTER_AUTH_SECRET: secret,
    RESEND_API_KEY: "",
    UPSTASH_REDIS_REST_URL: options.upstash?.url ?? "",
    UPSTASH_REDIS_REST_TOKEN: options.upstash?.token ?? "",
    ...(options.upstash && { RATE_LIMIT_PREFIX: options.upstash.prefix }),
    ...options.cluster?.redis,
    // Read by the counter in the bench's own builds only.
    ...(statsFile && { BENCH_STATS_FILE: statsFile }),
    // The bench never reaches out to the Pwned Passwords API.
    PWNED_PASSWORDS_URL: "off",
    ...db,
  };
}

function running(spawned: Spawned, secret: string, statsFile?: string): RunningServer {
  const { child } = spawned;
  return {
    url: spawned.url,
    pid: child.pid ?? 0,
    secret,
    // The floor has no database: it answers no statements.
    queries: () => (statsFile ? readQueryCount(child, statsFile) : Promise.resolve(0)),
    rssBytes: () => rssOf(child.pid ?? 0),
    cpuMs: () => cpuOf(child.pid ?? 0),
    stop: async () => {
      await stop(child);
      if (statsFile) rmSync(statsFile, { force: true });
    },
    output: spawned.log,
  };
}

/** The app (or a bench variant of it) under `next start` in its own process, as in production. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const secret = options.secret ?? randomBytes(32).toString("base64url");
  const spawned = spawnNext(
    appDir(options),
    options.port,
    appEnv(options, secret),
    options.nodeArgs,
  );
  await waitForAnswer(spawned, "/api/health", {});
  return running(spawned, secret, statsFileOf(options));
}

/** The floor app (bench/floor-app): the same Next, no auth, no database. */
export async function startFloor(port: number, nodeArgs?: string[]): Promise<RunningServer> {
  const spawned = spawnNext(FLOOR_APP_DIR, port, {}, nodeArgs);
  await waitForAnswer(spawned, "/api/items", {});
  return running(spawned, "");
}

export interface ColdStart {
  /** From spawning the process to the first complete 200 answer to `path`. */
  ms: number;
  /** Resident memory right after that answer: the code one route loads, before any load. */
  rssBytes: number;
}

/**
 * What the first visitor of a fresh process waits for: spawn, then ask for `path` until it is
 * answered (anything but a 200, once listening, is an error: the device must be signed in).
 */
export async function coldStart(
  target: { app: ServerOptions & { secret: string } } | { floorPort: number },
  path: string,
  headers: Record<string, string>,
): Promise<ColdStart> {
  const started = performance.now();
  const spawned =
    "app" in target
      ? spawnNext(appDir(target.app), target.app.port, appEnv(target.app, target.app.secret))
      : spawnNext(FLOOR_APP_DIR, target.floorPort, {});
  try {
    await waitForAnswer(spawned, path, headers, 10);
    return { ms: performance.now() - started, rssBytes: rssOf(spawned.child.pid ?? 0) };
  } finally {
    await stop(spawned.child);
  }
}

async function waitForAnswer(
  { child, url, log }: Spawned,
  path: string,
  headers: Record<string, string>,
  pollMs = 100,
): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited:\n${log()}`);
    let response: Response | undefined;
    try {
      response = await fetch(`${url}${path}`, { headers, redirect: "manual" });
    } catch {
      // Not listening yet.
    }
    if (response) {
      await response.arrayBuffer();
      if (response.status === 200) return;
      throw new Error(`${path} answered ${response.status} on start:\n${log()}`);
    }
    await sleep(pollMs);
  }
  throw new Error(`next start did not answer ${path} within 60 s:\n${log()}`);
}

async function readQueryCount(child: ChildProcess, statsFile: string): Promise<number> {
  rmSync(statsFile, { force: true });
  child.kill("SIGUSR2");
  for (let attempt = 0; attempt < 100; attempt += 1) {
    try {
      return (JSON.parse(readFileSync(statsFile, "utf8")) as { queries: number }).queries;
    } catch {
      await sleep(20);
    }
  }
  throw new Error("the server did not report its query count (is it a bench variant build?)");
}

/** Resident memory of the server process, from /proc (Linux). */
function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return kb * 1024;
  } catch {
    return 0;
  }
}

/** utime + stime from /proc/<pid>/stat, in clock ticks of 10 ms (Linux's USER_HZ). */
function cpuOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([exited, sleep(10_000)]);
  if (child.exitCode === null) child.kill("SIGKILL");
}
