/**
 * npm run bench [-- --quick]: what sign-in and todos cost under load, on the production build
 * (`next start`), against the embedded PGlite and the machine's Postgres (through the Neon driver,
 * on loopback and under the region and far network profiles), next to Better Auth's
 * database-session baseline and to the floor: a bare Next app of the same versions
 * (bench/floor-app), measured in the same run. Writes bench/RESULTS.md (full runs).
 * BENCH_ONLY=feed (or npm run bench:feed): the live feed's scenario alone, for a quiet slot.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import type { DelayProfileName } from "../network-delay";
import { buildFloorIfNeeded, buildVariantIfNeeded } from "./build";
import { measureColdStarts } from "./cold";
import { type BenchDatabase, prepareDatabase } from "./databases";
import { cookieHeader, inBatches, renew, signIn } from "./devices";
import { feedTable, measureFeed } from "./feed";
import { FULL, feedPushTable, measureFeedPush } from "./feed-push";
import { firstLoadJs, type PageWeight } from "./first-load-js";
import { type LoadSettings, type Measurement, measure, type Scenario } from "./load";
import * as report from "./report";
import { appScenarios, floorScenarios, networkScenarios, type SignedInDevices } from "./scenarios";
import { type RunningServer, startFloor, startServer } from "./server";

const quick = process.argv.includes("--quick");
const settings: LoadSettings = quick
  ? { connections: 10, warmupSeconds: 1, seconds: 2 }
  : { connections: 10, warmupSeconds: 3, seconds: 10 };
/** Full runs: the second round is reported, the first shows whether memory is stable. */
const ROUNDS = quick ? 1 : 2;
const COLD_RUNS = quick ? 1 : 3;
/** The smoke test switches the proxy once; a full run measures every profile. */
const PROFILES: DelayProfileName[] = quick ? ["far"] : ["loopback", "region", "far"];
/** Devices per API scenario: enough that no one user meets the per-user API limits. */
const POOL_SIZE = quick ? 8 : 48;
const port = Number(process.env.BENCH_PORT ?? 3400);
const floorPort = port + 1;
const baselinePort = port + 2;

const users = {
  page50: { email: "list-50@bench.test", todos: 50 },
  page10k: { email: "list-10000@bench.test", todos: 10_000 },
  readers: pool("reader", 50),
  bearers: pool("bearer", 50),
  writers: pool("writer", 0),
};

function pool(kind: string, todos: number) {
  return Array.from({ length: POOL_SIZE }, (_, i) => ({ email: `${kind}-${i}@bench.test`, todos }));
}

/** Each simulated device has its own client IP, as separate people would. */
let nextIp = 0;
const freshIp = () => {
  nextIp += 1;
  return `10.${(nextIp >> 16) & 255}.${(nextIp >> 8) & 255}.${nextIp & 255}`;
};

async function measureAndLog(
  server: RunningServer,
  scenario: Scenario,
  label: string,
): Promise<Measurement> {
  const m = await measure(server, scenario, settings);
  console.log(
    `  ${label}: ${m.scenario}: ${m.requestsPerSecond.toFixed(0)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms, ${m.errors} errors, ${m.queriesPerRequest.toFixed(2)} statements/req, ${m.cpuMsPerRequest.toFixed(1)} CPU ms/req`,
  );
  return m;
}

/**
 * The signed-in page (10 visitors, then one) under each network profile, the app and the baseline
 * taking turns: both run at once (Postgres allows it), so they meet the same machine and delay.
 */
async function underProfiles(
  database: BenchDatabase & { setProfile: NonNullable<BenchDatabase["setProfile"]> },
  app: { server: RunningServer; scenarios: Scenario[] },
  baseline: { server: RunningServer; scenarios: Scenario[] },
): Promise<report.NetworkRow[]> {
  const rows: report.NetworkRow[] = [];
  for (const profile of PROFILES) {
    await database.setProfile(profile);
    for (const [i, scenario] of app.scenarios.entries()) {
      rows.push({ profile, m: await measureAndLog(app.server, scenario, profile) });
      const other = baseline.scenarios[i];
      if (other) rows.push({ profile, m: await measureAndLog(baseline.server, other, profile) });
    }
  }
  await database.setProfile("loopback");
  return rows;
}

/** Postgres only: a baseline server beside the app for the network profiles, then stopped. */
async function networkPhase(
  database: BenchDatabase & { setProfile: NonNullable<BenchDatabase["setProfile"]> },
  server: RunningServer,
): Promise<report.NetworkRow[]> {
  const baseline = await startServer({
    port: baselinePort,
    database: database.server,
    build: "baseline",
  });
  try {
    const appDevice = await signIn(server.url, users.page50.email, freshIp());
    const baselineDevice = await signIn(baseline.url, users.page50.email, freshIp());
    return await underProfiles(
      database,
      { server, scenarios: networkScenarios(appDevice, false) },
      { server: baseline, scenarios: networkScenarios(baselineDevice, true) },
    );
  } catch (error) {
    console.error(baseline.output());
    throw error;
  } finally {
    await baseline.stop();
  }
}

/** The live feed's cost per target (scripts/bench/feed.ts), appended to the report. */
const feedSections: string[] = [];

async function runTarget(
  database: BenchDatabase,
): Promise<{ result: report.TargetResult; weights?: PageWeight[] }> {
  const result: report.TargetResult = {
    target: database.label,
    measurements: [],
    roundPeaksBytes: [],
    floorPeakBytes: 0,
    network: [],
    cold: [],
  };
  let weights: PageWeight[] | undefined;

  console.log(
    `\n[${database.label}] the floor app, and next start (access JWT + rotating sessions)`,
  );
  const floor = await startFloor(floorPort);
  const server = await startServer({ port, database: database.server, build: "counted" });
  let devices: SignedInDevices;
  try {
    const signInAll = (list: { email: string }[]) =>
      inBatches(list, 4, (u) => signIn(server.url, u.email, freshIp()));
    const [page50] = await signInAll([users.page50]);
    const [page10k] = await signInAll([users.page10k]);
    if (!page50 || !page10k) throw new Error("sign-in failed");
    devices = {
      page50,
      page10k,
      readers: await signInAll(users.readers),
      bearers: await signInAll(users.bearers),
      writers: await signInAll(users.writers),
    };
    const cookieDevices = [page50, page10k, ...devices.readers, ...devices.writers];
    // Access JWTs live 5 minutes: renew them (rotating the session tokens) before each phase.
    const renewAll = async () => {
      await inBatches(cookieDevices, 4, (d) => renew(server.url, d, false));
      await inBatches(devices.bearers, 4, (d) => renew(server.url, d, true));
    };

    for (let round = 1; round <= ROUNDS; round += 1) {
      await renewAll();
      let roundPeak = 0;
      for (const scenario of floorScenarios) {
        const m = await measureAndLog(floor, scenario, `round ${round}`);
        result.floorPeakBytes = Math.max(result.floorPeakBytes, m.peakRssBytes);
        if (round === ROUNDS) result.measurements.push(m);
      }
      for (const scenario of appScenarios(devices, server.url)) {
        const m = await measureAndLog(server, scenario, `round ${round}`);
        roundPeak = Math.max(roundPeak, m.peakRssBytes);
        if (round === ROUNDS) result.measurements.push(m);
      }
      result.roundPeaksBytes.push(roundPeak);
    }
    await renewAll();
    const feed = await measureFeed(server, devices.readers, { quick });
    feedSections.push(`### Live feed (${database.label})\n\n${feedTable(feed)}`);

    if (database.measureWeights) {
      weights = [
        await firstLoadJs(floor.url, "/items"),
        await firstLoadJs(server.url, "/this-page-does-not-exist"),
        await firstLoadJs(server.url, "/sign-in"),
        await firstLoadJs(server.url, "/todos", { cookie: cookieHeader(page50) }),
      ].map((w, i) => (i === 0 ? { ...w, page: `floor: ${w.page}` } : w));
    }
    const { setProfile } = database;
    if (setProfile) {
      await renewAll();
      result.network.push(...(await networkPhase({ ...database, setProfile }, server)));
    }
    await renew(server.url, page50, false);
    await renew(server.url, devices.bearers[0] ?? page50, true);
  } catch (error) {
    console.error(server.output());
    throw error;
  } finally {
    await server.stop();
    await floor.stop();
  }

  console.log(`[${database.label}] cold starts (${COLD_RUNS} of each)`);
  const bearer = devices.bearers[0];
  if (!bearer) throw new Error("no bearer device");
  result.cold = await measureColdStarts(
    { port, database: database.server, build: "counted", secret: server.secret },
    floorPort,
    { page: devices.page50, bearer },
    COLD_RUNS,
  );
  for (const c of result.cold)
    console.log(`  ${c.name}: ${c.runsMs.map((ms) => ms.toFixed(0)).join(", ")} ms`);

  console.log(
    `[${database.label}] next start (baseline: Better Auth's default, session read from the DB)`,
  );
  const baseline = await startServer({ port, database: database.server, build: "baseline" });
  try {
    const device = await signIn(baseline.url, users.page50.email, freshIp());
    const [scenario] = networkScenarios(device, true);
    if (!scenario) throw new Error("no baseline scenario");
    for (let round = 1; round <= ROUNDS; round += 1) {
      const m = await measureAndLog(baseline, scenario, `round ${round}`);
      if (round === ROUNDS) result.measurements.push(m);
    }
  } catch (error) {
    console.error(baseline.output());
    throw error;
  } finally {
    await baseline.stop();
  }
  return { result, weights };
}

function versions(): string {
  const read = (name: string) =>
    (
      JSON.parse(readFileSync(join("node_modules", name, "package.json"), "utf8")) as {
        version: string;
      }
    ).version;
  return [
    "next",
    "react",
    "better-auth",
    "kysely",
    "@electric-sql/pglite",
    "@neondatabase/serverless",
    "autocannon",
  ]
    .map((name) => `${name} ${read(name)}`)
    .join(", ");
}

async function main() {
  buildVariantIfNeeded("counted");
  buildVariantIfNeeded("baseline");
  buildFloorIfNeeded();
  const seedUsers = [
    users.page50,
    users.page10k,
    ...users.readers,
    ...users.bearers,
    ...users.writers,
  ];
  const results: report.TargetResult[] = [];
  let weights: PageWeight[] | undefined;
  const workDir = mkdtempSync(join(tmpdir(), "todo-bench-"));
  try {
    for (const kind of ["pglite", "postgres"] as const) {
      const database = await prepareDatabase(kind, workDir, seedUsers);
      if (!database) continue;
      try {
        const outcome = await runTarget({ ...database, measureWeights: !weights });
        results.push(outcome.result);
        weights ??= outcome.weights;
      } finally {
        await database.drop();
      }
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }

  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}`;
  const text = report.document({
    results,
    weights,
    header: [
      "# Benchmark results",
      "",
      `Measured ${new Date().toISOString()} with \`npm run bench${quick ? " -- --quick" : ""}\` on ${machine}.`,
      `Packages: ${versions()}.`,
      `Load: autocannon, ${settings.connections} connections unless said otherwise, ${settings.warmupSeconds} s warm-up then ${settings.seconds} s per scenario, ${ROUNDS} round(s) (the table is the last); server and load generator share the machine.`,
    ],
  });
  // The pushed feed on two instances needs Redis and minutes of idle time: full runs only.
  if (!quick) {
    const pushed = await measureFeedPush({ ...FULL, idleDevices: POOL_SIZE });
    feedSections.push(`### Live feed, pushed\n\n${feedPushTable(pushed)}`);
  }
  const withFeed = [text.trimEnd(), ...feedSections].join("\n\n").concat("\n");
  console.log(`\n${withFeed}`);
  if (!quick) writeFileSync("bench/RESULTS.md", withFeed);
  const errors = results
    .flatMap((r) => [...r.measurements, ...r.network.map((n) => n.m)])
    .reduce((sum, m) => sum + m.errors, 0);
  if (errors > 0) {
    console.error(`${errors} requests failed under load`);
    process.exit(1);
  }
}

// BENCH_ONLY=feed: the live feed's scenario alone (the same as npm run bench:feed).
if (process.env.BENCH_ONLY === "feed") await import("./feed-run");
else await main();
