/**
 * npm run bench [-- --quick]: what sign-in and todos cost under load, on the production build
 * (`next start`), against the embedded PGlite and the machine's Postgres (through the Neon
 * driver), next to Better Auth's database-session baseline. Writes bench/RESULTS.md (full runs).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { buildIfNeeded } from "./build";
import { type BenchDatabase, prepareDatabase } from "./databases";
import { cookieHeader, type Device, inBatches, renew, signIn } from "./devices";
import { feedTable, measureFeed } from "./feed";
import { firstLoadJs, type PageWeight } from "./first-load-js";
import { type LoadSettings, type Measurement, measure, type Scenario } from "./load";
import * as report from "./report";
import { startServer } from "./server";

const quick = process.argv.includes("--quick");
const settings: LoadSettings = quick
  ? { connections: 10, warmupSeconds: 1, seconds: 2 }
  : { connections: 10, warmupSeconds: 3, seconds: 10 };
const ROUNDS = 2;
/** Devices per API scenario: enough that no one user meets the per-user API limits. */
const POOL_SIZE = 48;
const port = Number(process.env.BENCH_PORT ?? 3400);

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

/** The live feed's cost per target (scripts/bench/feed.ts), added to the report. */
const feedSections: string[] = [];

/** Each simulated device has its own client IP, as separate people would. */
let nextIp = 0;
const freshIp = () => {
  nextIp += 1;
  return `10.${(nextIp >> 16) & 255}.${(nextIp >> 8) & 255}.${nextIp & 255}`;
};

const asCookies =
  (devices: Device[], extra: Record<string, string> = {}) =>
  () =>
    devices.map((d) => ({ cookie: cookieHeader(d), "x-real-ip": d.ip, ...extra }));

async function runTarget(
  database: BenchDatabase,
): Promise<{ result: report.TargetResult; weights?: PageWeight[] }> {
  const statsFile = join(tmpdir(), `bench-stats-${process.pid}.json`);
  const measurements: Measurement[] = [];
  const roundPeaksBytes: number[] = [];
  let weights: PageWeight[] | undefined;

  console.log(`\n[${database.label}] next start (access JWT + rotating sessions)`);
  const server = await startServer({
    port,
    database: database.server,
    sessionCheck: "jwt",
    statsFile,
  });
  try {
    const signInAll = (list: { email: string }[]) =>
      inBatches(list, 4, (u) => signIn(server.url, u.email, freshIp()));
    const [page50] = await signInAll([users.page50]);
    const [page10k] = await signInAll([users.page10k]);
    const readers = await signInAll(users.readers);
    const bearers = await signInAll(users.bearers);
    const writers = await signInAll(users.writers);
    if (!page50 || !page10k) throw new Error("sign-in failed");
    const cookieDevices = [page50, page10k, ...readers, ...writers];

    const scenarios: Scenario[] = [
      {
        name: report.PAGE_50,
        method: "GET",
        path: "/todos",
        expectStatus: 200,
        devices: asCookies([page50]),
      },
      {
        name: report.PAGE_10K,
        method: "GET",
        path: "/todos",
        expectStatus: 200,
        devices: asCookies([page10k]),
      },
      {
        name: report.API_COOKIE,
        method: "GET",
        path: "/api/todos",
        expectStatus: 200,
        devices: asCookies(readers),
      },
      {
        name: report.API_BEARER,
        method: "GET",
        path: "/api/todos",
        expectStatus: 200,
        devices: () =>
          bearers.map((d) => ({ authorization: `Bearer ${d.bearer}`, "x-real-ip": d.ip })),
      },
      {
        name: report.API_POST,
        method: "POST",
        path: "/api/todos",
        expectStatus: 201,
        body: JSON.stringify({ title: "Written by the bench" }),
        devices: asCookies(writers, { origin: server.url, "content-type": "application/json" }),
      },
      {
        name: report.REDIRECT,
        method: "GET",
        path: "/todos",
        expectStatus: 307,
        devices: () => [{ "x-real-ip": "10.255.0.1" }],
      },
      {
        name: report.STATIC_FLOOR,
        method: "GET",
        path: "/robots.txt",
        expectStatus: 200,
        devices: () => [{}],
      },
    ];

    for (let round = 1; round <= ROUNDS; round += 1) {
      // Access JWTs live 5 minutes: renew them (rotating the session tokens) before each round.
      await inBatches(cookieDevices, 4, (d) => renew(server.url, d, false));
      await inBatches(bearers, 4, (d) => renew(server.url, d, true));
      let roundPeak = 0;
      for (const scenario of scenarios) {
        const m = await measure(server, scenario, settings);
        roundPeak = Math.max(roundPeak, m.peakRssBytes);
        console.log(
          `  round ${round}: ${m.scenario}: ${m.requestsPerSecond.toFixed(0)} req/s, p99 ${m.p99} ms, ${m.errors} errors, ${m.queriesPerRequest.toFixed(2)} statements/req, ${m.cpuMsPerRequest.toFixed(1)} CPU ms/req`,
        );
        if (round === ROUNDS) measurements.push(m);
      }
      roundPeaksBytes.push(roundPeak);
    }
    const feed = await measureFeed(server, readers, { quick, database: database.server });
    feedSections.push(`### Live feed (${database.label})\n\n${feedTable(feed)}`);
    console.log(feedSections.at(-1));

    if (database.measureWeights) {
      const cookie = { cookie: cookieHeader(page50) };
      weights = [
        await firstLoadJs(server.url, "/this-page-does-not-exist"),
        await firstLoadJs(server.url, "/sign-in"),
        await firstLoadJs(server.url, "/todos", cookie),
      ];
    }
  } catch (error) {
    console.error(server.output());
    throw error;
  } finally {
    await server.stop();
  }

  console.log(
    `[${database.label}] next start (baseline: Better Auth's default, session read from the DB)`,
  );
  const baseline = await startServer({
    port,
    database: database.server,
    sessionCheck: "database",
    statsFile,
  });
  try {
    const device = await signIn(baseline.url, users.page50.email, freshIp());
    const scenario: Scenario = {
      name: report.BASELINE,
      method: "GET",
      path: "/todos",
      expectStatus: 200,
      devices: asCookies([device]),
    };
    for (let round = 1; round <= ROUNDS; round += 1) {
      const m = await measure(baseline, scenario, settings);
      console.log(
        `  round ${round}: ${m.scenario}: ${m.requestsPerSecond.toFixed(0)} req/s, p99 ${m.p99} ms, ${m.errors} errors, ${m.queriesPerRequest.toFixed(2)} statements/req, ${m.cpuMsPerRequest.toFixed(1)} CPU ms/req`,
      );
      if (round === ROUNDS) measurements.push(m);
    }
  } catch (error) {
    console.error(baseline.output());
    throw error;
  } finally {
    await baseline.stop();
  }
  return { result: { target: database.label, measurements, roundPeaksBytes }, weights };
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
  buildIfNeeded();
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

  const [minimal] = weights ?? [];
  const sections: string[] = [];
  let errors = 0;
  for (const result of results) {
    errors += result.measurements.reduce((sum, m) => sum + m.errors, 0);
    sections.push(`### ${result.target}\n\n${report.measurementTable(result)}`);
    if (weights && minimal)
      sections.push(
        `Goals (${result.target}):\n\n${report.goalTable(report.goalsFor(result, weights, minimal))}`,
      );
  }
  sections.push(...feedSections);
  if (weights && minimal)
    sections.push(`### First-load JavaScript\n\n${report.weightTable(weights, minimal)}`);

  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}`;
  const header = [
    "# Benchmark results",
    "",
    `Measured ${new Date().toISOString()} with \`npm run bench${quick ? " -- --quick" : ""}\` on ${machine}.`,
    `Packages: ${versions()}.`,
    `Load: autocannon, ${settings.connections} connections, ${settings.warmupSeconds} s warm-up then ${settings.seconds} s per scenario, ${ROUNDS} rounds (the table is the second); server and load generator share the machine.`,
    "DB statements are counted by a Kysely plugin enabled only in bench mode; the static floor is public/robots.txt through the same middleware.",
  ].join("\n");
  const text = `${header}\n\n${sections.join("\n\n")}\n`;
  console.log(`\n${text}`);
  if (!quick) writeFileSync("bench/RESULTS.md", text);
  if (errors > 0) {
    console.error(`${errors} requests failed under load`);
    process.exit(1);
  }
}

await main();
