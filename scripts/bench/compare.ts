/**
 * npm run bench:compare [-- --postgres] [--rounds 3] [--seconds 8]: the quick before/after check
 * for a performance change. The floor's page and JSON route alternate with the app's signed-in
 * page and API, round after round, and each app figure is given as a ratio to the floor's from
 * the same round (so other work on the machine cancels out); the median ratio is printed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildFloorIfNeeded, buildIfNeeded } from "./build";
import { median } from "./cold";
import { prepareDatabase } from "./databases";
import { inBatches, renew, signIn } from "./devices";
import { measure, type Scenario } from "./load";
import * as names from "./names";
import { asBearers, asCookies, floorScenarios, signedInPage } from "./scenarios";
import { startFloor, startServer } from "./server";

const flag = (name: string, fallback: string) => {
  const index = process.argv.indexOf(name);
  return index > 0 ? (process.argv[index + 1] ?? fallback) : fallback;
};
const rounds = Number(flag("--rounds", "3"));
const settings = { connections: 10, warmupSeconds: 2, seconds: Number(flag("--seconds", "8")) };
const port = Number(process.env.BENCH_PORT ?? 3400);

async function main() {
  buildIfNeeded();
  buildFloorIfNeeded();
  const workDir = mkdtempSync(join(tmpdir(), "todo-bench-"));
  const kind = process.argv.includes("--postgres") ? "postgres" : "pglite";
  const page = { email: "list-50@bench.test", todos: 50 };
  // The API's per-user limits would answer one busy device with 429s: spread the calls.
  const pool = (kind: string) =>
    Array.from({ length: 48 }, (_, i) => ({ email: `${kind}-${i}@bench.test`, todos: 50 }));
  const readers = pool("reader");
  const bearers = pool("bearer");
  const users = [page, ...readers, ...bearers];
  const database = await prepareDatabase(kind, workDir, users);
  if (!database) throw new Error(`no ${kind} database`);
  const floor = await startFloor(port + 1);
  const app = await startServer({
    port,
    database: database.server,
    build: "production",
  });
  const ratios = new Map<string, number[]>();
  try {
    const device = await signIn(app.url, page.email, "10.0.0.8");
    let ip = 0;
    const signInAll = (list: { email: string }[]) =>
      inBatches(list, 4, (u) => {
        ip += 1;
        return signIn(app.url, u.email, `10.0.${1 + (ip >> 8)}.${ip & 255}`);
      });
    const cookieDevices = await signInAll(readers);
    const bearerDevices = await signInAll(bearers);
    const [floorPage, floorJson] = floorScenarios;
    if (!floorPage || !floorJson) throw new Error("no floor scenarios");
    const pairs: [Scenario, () => Scenario][] = [
      [floorPage, () => signedInPage(device)],
      [
        floorJson,
        () => ({
          name: names.API_BEARER,
          method: "GET",
          path: "/api/todos",
          expectStatus: 200,
          devices: asBearers(bearerDevices),
        }),
      ],
      [
        floorJson,
        () => ({
          name: names.API_COOKIE,
          method: "GET",
          path: "/api/todos",
          expectStatus: 200,
          devices: asCookies(cookieDevices),
        }),
      ],
    ];
    for (let round = 1; round <= rounds; round += 1) {
      await renew(app.url, device, false);
      await inBatches(cookieDevices, 4, (d) => renew(app.url, d, false));
      await inBatches(bearerDevices, 4, (d) => renew(app.url, d, true));
      for (const [floorScenario, appScenario] of pairs) {
        const f = await measure(floor, floorScenario, settings);
        const a = await measure(app, appScenario(), settings);
        const ratio = a.cpuMsPerRequest / f.cpuMsPerRequest;
        ratios.set(a.scenario, [...(ratios.get(a.scenario) ?? []), ratio]);
        console.log(
          `round ${round}: ${a.scenario} ${a.cpuMsPerRequest.toFixed(2)} CPU ms/req (${a.errors} errors), floor ${f.cpuMsPerRequest.toFixed(2)}: ${ratio.toFixed(2)}×`,
        );
      }
    }
  } finally {
    await app.stop();
    await floor.stop();
    await database.drop();
    rmSync(workDir, { recursive: true, force: true });
  }
  for (const [name, values] of ratios)
    console.log(
      `${name} (${kind}): median ${median(values).toFixed(2)}× the floor's CPU / request (${values.map((v) => v.toFixed(2)).join(", ")})`,
    );
}

await main();
