import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export interface ServerOptions {
  port: number;
  /** DATABASE_URL + NEON_WS_PROXY for Postgres through the Neon driver, or a PGlite directory. */
  database: { url: string; wsProxy: string } | { pgliteDir: string };
  sessionCheck: "jwt" | "database";
  statsFile: string;
  /** Extra flags for the server's node, e.g. --cpu-prof. */
  nodeArgs?: string[];
}

export interface RunningServer {
  url: string;
  pid: number;
  /** Database statements answered since the server started (the bench-mode Kysely plugin). */
  queries(): Promise<number>;
  rssBytes(): number;
  /** CPU time the server process has used, in ms (user + system). */
  cpuMs(): number;
  stop(): Promise<void>;
  output(): string;
}

const nextBin = join(process.cwd(), "node_modules/next/dist/bin/next");

/** `next start` in its own process, as in production, with the bench-only counters switched on. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const url = `http://127.0.0.1:${options.port}`;
  const db =
    "pgliteDir" in options.database
      ? { DATABASE_URL: "", PGLITE_DIR: options.database.pgliteDir }
      : { DATABASE_URL: options.database.url, NEON_WS_PROXY: options.database.wsProxy };
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), nextBin, "start", "-p", String(options.port), "-H", "127.0.0.1"],
    {
      env: {
        ...process.env,
        NODE_ENV: "production",
        // The bench-only switches below are refused in a deployment.
        EMBEDDED_MODE: "1",
        BETTER_AUTH_URL: url,
        BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"),
        RESEND_API_KEY: "",
        UPSTASH_REDIS_REST_URL: "",
        UPSTASH_REDIS_REST_TOKEN: "",
        SESSION_CHECK: options.sessionCheck,
        BENCH_STATS_FILE: options.statsFile,
        PWNED_PASSWORDS_URL: "off",
        ...db,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let log = "";
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);

  await waitUntilHealthy(url, child, () => log);
  return {
    url,
    pid: child.pid ?? 0,
    queries: () => readQueryCount(child, options.statsFile),
    rssBytes: () => rssOf(child.pid ?? 0),
    cpuMs: () => cpuOf(child.pid ?? 0),
    stop: () => stop(child),
    output: () => log,
  };
}

async function waitUntilHealthy(url: string, child: ChildProcess, log: () => string) {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`next start exited:\n${log()}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  throw new Error(`next start did not become healthy:\n${log()}`);
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
  throw new Error("the server did not report its query count (is BENCH_STATS_FILE wired?)");
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
