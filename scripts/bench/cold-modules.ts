/**
 * npm run bench:cold-modules [-- --postgres]: which files a fresh `next start` loads for its first
 * signed-in GET /todos, then its first GET /api/todos (cookies, then bearer), and how long each
 * load took (inclusive), counted by a require hook (scripts/bench/trace-modules.cjs), not timed
 * from outside: repeatable on a loaded machine.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { buildIfNeeded } from "./build";
import { prepareDatabase } from "./databases";
import { cookieHeader, renew, signIn } from "./devices";
import { startServer } from "./server";

const port = Number(process.env.BENCH_PORT ?? 3400);
const kind = process.argv.includes("--postgres") ? "postgres" : "pglite";
const MARK = "--- ";

function nextStart(secret: string, database: Record<string, string>, trace: string): ChildProcess {
  const nextBin = join(process.cwd(), "node_modules/next/dist/bin/next");
  return spawn(
    process.execPath,
    ["--require", join(process.cwd(), "scripts/bench/trace-modules.cjs"), nextBin, "start"].concat([
      ".",
      "-p",
      String(port),
      "-H",
      "127.0.0.1",
    ]),
    {
      env: {
        ...process.env,
        NODE_ENV: "production",
        TRACE_FILE: trace,
        EMBEDDED_MODE: "1",
        BETTER_AUTH_URL: `http://127.0.0.1:${port}`,
        BETTER_AUTH_SECRET: secret,
        RESEND_API_KEY: "",
        UPSTASH_REDIS_REST_URL: "",
        UPSTASH_REDIS_REST_TOKEN: "",
        PWNED_PASSWORDS_URL: "off",
        ...database,
      },
      stdio: "ignore",
    },
  );
}

async function firstAnswer(path: string, headers: Record<string, string>): Promise<number> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, {
        headers,
        redirect: "manual",
      });
      await response.arrayBuffer();
      return response.status;
    } catch {
      await sleep(100);
    }
  }
  throw new Error(`no answer from ${path}`);
}

/** Per phase: the files loaded, the packages they belong to, and the slowest loads. */
function summarise(trace: string): string {
  const lines: string[] = [];
  let phase = "start";
  const phases = new Map<string, { file: string; ms: number }[]>();
  for (const line of readFileSync(trace, "utf8").split("\n")) {
    if (line.startsWith(MARK)) {
      phase = line.slice(MARK.length);
      continue;
    }
    const [, ms, file] = line.split("\t");
    if (!file) continue;
    phases.set(phase, [...(phases.get(phase) ?? []), { file, ms: Number(ms) }]);
  }
  for (const [name, loads] of phases) {
    const packages = new Map<string, number>();
    for (const { file } of loads) {
      const pkg =
        /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ??
        (file.includes(".next/") ? ".next chunks" : file);
      packages.set(pkg, (packages.get(pkg) ?? 0) + 1);
    }
    lines.push(`${name}: ${loads.length} files`);
    for (const [pkg, count] of [...packages].sort((a, b) => b[1] - a[1]).slice(0, 20))
      lines.push(`  ${String(count).padStart(4)}  ${pkg}`);
    lines.push("  slowest loads (inclusive ms):");
    for (const { file, ms } of [...loads].sort((a, b) => b.ms - a.ms).slice(0, 12))
      lines.push(`  ${ms.toFixed(1).padStart(8)}  ${file.replace(process.cwd(), ".")}`);
  }
  return lines.join("\n");
}

async function main() {
  buildIfNeeded();
  const workDir = mkdtempSync(join(tmpdir(), "todo-cold-modules-"));
  const user = { email: "list-50@bench.test", todos: 50 };
  const database = await prepareDatabase(kind, workDir, [user]);
  if (!database) throw new Error(`no ${kind} database`);
  const env: Record<string, string> =
    "pgliteDir" in database.server
      ? { DATABASE_URL: "", NEON_WS_PROXY: "", PGLITE_DIR: database.server.pgliteDir }
      : { DATABASE_URL: database.server.url, NEON_WS_PROXY: database.server.wsProxy };
  const warm = await startServer({ port, database: database.server, build: "production" });
  const device = await signIn(warm.url, user.email, "10.0.0.9");
  await renew(warm.url, device, true);
  await warm.stop();
  const trace = join(workDir, "trace.tsv");
  const child = nextStart(warm.secret, env, trace);
  try {
    const cookies = { cookie: cookieHeader(device), "x-real-ip": device.ip };
    // Listening first (a 404 loads Next's own not-found page): then the phases are the routes' own.
    await firstAnswer("/favicon.ico", {});
    appendFileSync(trace, `${MARK}first signed-in GET /todos\n`);
    console.log("/todos", await firstAnswer("/todos", cookies));
    appendFileSync(trace, `${MARK}first GET /api/todos (cookies)\n`);
    console.log("/api/todos", await firstAnswer("/api/todos", cookies));
    appendFileSync(trace, `${MARK}first GET /api/todos (bearer)\n`);
    const bearer = { authorization: `Bearer ${device.bearer}`, "x-real-ip": device.ip };
    console.log("/api/todos bearer", await firstAnswer("/api/todos", bearer));
    appendFileSync(trace, `${MARK}after\n`);
  } finally {
    child.kill("SIGTERM");
    await database.drop();
  }
  console.log(summarise(trace));
}

await main();
