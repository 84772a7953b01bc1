/**
 * npm run bench:rss-rounds (ROUNDS=4 SECONDS=6 SNAP=1,4): identical rounds of load on one server
 * (Postgres through the Neon driver: the signed-in page, the API with cookies, then with bearer
 * JWTs), its RSS after each, and a heap snapshot after the rounds SNAP names (written with
 * --heapsnapshot-signal; open them in Chrome's DevTools, or compare their totals). A snapshot
 * makes the server allocate: compare RSS only between runs without one.
 */
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { prepareDatabase } from "./databases";
import { inBatches, renew, signIn } from "./devices";
import { measure } from "./load";
import { asBearers, asCookies, signedInPage } from "./scenarios";
import { startServer } from "./server";

async function main() {
  const port = Number(process.env.BENCH_PORT ?? 3400);
  const snapDir = mkdtempSync(join(tmpdir(), "todo-heap-"));
  const users = Array.from({ length: 48 }, (_, i) => ({ email: `r-${i}@bench.test`, todos: 50 }));
  const db = await prepareDatabase("postgres", mkdtempSync(join(tmpdir(), "todo-rss-")), users);
  if (!db) throw new Error("no db");
  const server = await startServer({
    port,
    database: db.server,
    build: "production",
    nodeArgs: ["--heapsnapshot-signal=SIGUSR2", `--diagnostic-dir=${snapDir}`],
  });
  try {
    const devices = await inBatches(users, 4, (u) =>
      signIn(server.url, u.email, `10.0.1.${users.indexOf(u) + 1}`),
    );
    await inBatches(devices, 4, (d) => renew(server.url, d, true));
    const [first] = devices;
    if (!first) throw new Error("no device");
    const settings = {
      connections: 10,
      warmupSeconds: 1,
      seconds: Number(process.env.SECONDS ?? 6),
    };
    for (let round = 1; round <= Number(process.env.ROUNDS ?? 4); round++) {
      let peak = 0;
      for (const sc of [
        signedInPage(first),
        {
          name: "api cookies",
          method: "GET" as const,
          path: "/api/todos",
          expectStatus: 200,
          devices: asCookies(devices),
        },
        {
          name: "api bearer",
          method: "GET" as const,
          path: "/api/todos",
          expectStatus: 200,
          devices: asBearers(devices),
        },
      ]) {
        const m = await measure(server, sc, settings);
        peak = Math.max(peak, m.peakRssBytes ?? 0);
        console.log(`  ${sc.name}: ${m.cpuMsPerRequest.toFixed(2)} CPU ms/req, ${m.errors} errors`);
      }
      await sleep(1000);
      console.log(
        `round ${round}: peak RSS ${(peak / 1e6).toFixed(0)} MB, after ${(server.rssBytes() / 1e6).toFixed(0)} MB`,
      );
      if (process.env.SNAP?.split(",").includes(String(round))) {
        process.kill(server.pid, "SIGUSR2");
        const before = readdirSync(snapDir).length;
        while (readdirSync(snapDir).filter((f) => f.endsWith(".heapsnapshot")).length <= before)
          await sleep(500);
        const { statSync } = await import("node:fs");
        const newest = () => readdirSync(snapDir).sort().at(-1) ?? "";
        let size = -1;
        for (;;) {
          await sleep(2000);
          const now = statSync(join(snapDir, newest())).size;
          if (now > 0 && now === size) break;
          size = now;
        }
        console.log(`  snapshot in ${snapDir}, RSS now ${(server.rssBytes() / 1e6).toFixed(0)} MB`);
      }
    }
  } finally {
    await server.stop();
    await db.drop();
  }
}
await main();
