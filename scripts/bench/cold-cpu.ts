/**
 * npm run bench:cold-cpu [-- --postgres] (RUNS=3): the CPU a fresh `next start` spends up to its
 * first answer (utime + stime from /proc, threads included), the app's first signed-in /todos and
 * first bearer /api/todos against the floor's page and JSON route, alternating. CPU time, unlike
 * wall time, barely moves with the other work on the machine.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { prepareDatabase } from "./databases";
import { cookieHeader, renew, signIn } from "./devices";
import { FLOOR_APP_DIR, startServer } from "./server";

async function main() {
  const port = Number(process.env.BENCH_PORT ?? 3400);
  const kind = process.argv.includes("--postgres") ? "postgres" : "pglite";
  const user = { email: "list-50@bench.test", todos: 50 };
  const db = await prepareDatabase(kind, mkdtempSync(join(tmpdir(), "perfcpu-cold-")), [user]);
  if (!db) throw new Error("no db");
  const s = await startServer({ port, database: db.server, build: "production" });
  const d = await signIn(s.url, user.email, "10.0.0.7");
  await renew(s.url, d, true);
  await s.stop();
  const dbEnv: Record<string, string> =
    "pgliteDir" in db.server
      ? { DATABASE_URL: "", NEON_WS_PROXY: "", PGLITE_DIR: db.server.pgliteDir }
      : { DATABASE_URL: db.server.url, NEON_WS_PROXY: db.server.wsProxy };
  const cpu = (pid: number) => {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8");
    const x = f.slice(f.lastIndexOf(")") + 2).split(" ");
    return (Number(x[11]) + Number(x[12])) * 10;
  };
  async function one(
    dir: string,
    path: string,
    headers: Record<string, string>,
    env: Record<string, string>,
  ) {
    const child = spawn(
      process.execPath,
      [
        join(process.cwd(), "node_modules/next/dist/bin/next"),
        "start",
        dir,
        "-p",
        String(port),
        "-H",
        "127.0.0.1",
      ],
      { env: { ...process.env, NODE_ENV: "production", ...env }, stdio: "ignore" },
    );
    for (;;) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}${path}`, { headers, redirect: "manual" });
        await r.arrayBuffer();
        if (r.status !== 200) throw new Error(`${path} ${r.status}`);
        break;
      } catch (e) {
        if ((e as Error).message.startsWith(path)) throw e;
        await sleep(50);
      }
    }
    const ms = cpu(child.pid ?? 0);
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    return ms;
  }
  const appEnv = {
    EMBEDDED_MODE: "1",
    BETTER_AUTH_URL: `http://127.0.0.1:${port}`,
    BETTER_AUTH_SECRET: s.secret,
    RESEND_API_KEY: "",
    UPSTASH_REDIS_REST_URL: "",
    UPSTASH_REDIS_REST_TOKEN: "",
    PWNED_PASSWORDS_URL: "off",
    ...dbEnv,
  };
  const res: Record<string, number[]> = { floorPage: [], todos: [], floorJson: [], api: [] };
  for (let i = 0; i < Number(process.env.RUNS ?? 3); i++) {
    res.floorPage?.push(await one(FLOOR_APP_DIR, "/items", {}, {}));
    res.todos?.push(
      await one(".", "/todos", { cookie: cookieHeader(d), "x-real-ip": d.ip }, appEnv),
    );
    res.floorJson?.push(await one(FLOOR_APP_DIR, "/api/items", {}, {}));
    res.api?.push(
      await one(
        ".",
        "/api/todos",
        { authorization: `Bearer ${d.bearer}`, "x-real-ip": d.ip },
        appEnv,
      ),
    );
  }
  for (const [k, v] of Object.entries(res))
    console.log(`${kind} ${k}: CPU ms to first answer ${v.join(", ")}`);
  await db.drop();
}
await main();
