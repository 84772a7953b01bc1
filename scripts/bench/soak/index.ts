/**
 * npm run bench:soak [-- --quick]: simulated people against three instances of the app (the bench's
 * counted build of `next build`) behind a balancer, on Postgres through the Neon driver and Redis
 * through the Upstash client, in steps of more people; says how many people per instance keep
 * every p99 under the goal. `--quick` (CI): under a minute, fails on errors only, never on speed.
 * Settings: scripts/bench/soak/settings.ts (SOAK_MINUTES, SOAK_STEP_PEOPLE, ...).
 */
import { writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { createDatabase } from "@/lib/db/create";
import { buildVariantIfNeeded } from "../build";
import { seedUsers } from "../seed";
import { type SoakCluster, startSoakCluster } from "./cluster";
import { KIND, Person } from "./person";
import { Recorder } from "./recorder";
import { type RssSample, type StepResult, soakReport } from "./report";
import { peopleAt, type SoakSettings, soakSettings, stepCount } from "./settings";

const SEEDED_TODOS = 10;

function settingsOrExit(): SoakSettings {
  try {
    return soakSettings();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
}

const s = settingsOrExit();
const steps = stepCount(s);
const total = peopleAt(s, steps - 1) * s.instances;
const emailOf = (i: number) => `soak-${i}@bench.test`;
/** Each person has a client address of their own, as separate people would. */
const ipOf = (i: number) => `10.77.${(i >> 8) & 255}.${i & 255}`;

async function seed(cluster: SoakCluster) {
  const db = createDatabase({ kind: "neon", ...cluster.backends.database });
  try {
    const users = Array.from({ length: total }, (_, i) => ({
      email: emailOf(i),
      todos: SEEDED_TODOS,
    }));
    await seedUsers(db, users);
  } finally {
    await db.destroy();
  }
}

interface Counters {
  at: number;
  statements: number;
  redis: number;
  cpuMs: number;
  requests: number;
  /** This process's CPU (people, balancer, stand-ins), ms. */
  generatorCpuMs: number;
}

async function counters(cluster: SoakCluster, recorder: Recorder): Promise<Counters> {
  return {
    at: recorder.now(),
    statements: await cluster.statements(),
    redis: cluster.redisCommands(),
    cpuMs: cluster.servers.reduce((sum, server) => sum + server.cpuMs(), 0),
    requests: recorder.samples.length,
    generatorCpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
  };
}

async function run(cluster: SoakCluster) {
  const recorder = new Recorder();
  const people: Person[] = [];
  const joining: Promise<unknown>[] = [];
  const rss: RssSample[] = [];
  const sampleRss = () =>
    rss.push({ seconds: recorder.now() / 1000, bytes: cluster.servers.map((x) => x.rssBytes()) });
  sampleRss();
  const rssEvery = s.quick ? 15_000 : 60_000;
  const rssTimer = setInterval(sampleRss, rssEvery);

  // Sign-outs, each followed by a sign-in, at a steady rate across everyone present.
  const signOutEvery = s.signOutsPerMinute > 0 ? 60_000 / (s.signOutsPerMinute * s.instances) : 0;
  const signOutTimer =
    signOutEvery > 0
      ? setInterval(() => {
          const ready = people.filter((p) => p.alive && !p.cycling);
          const chosen = ready[Math.floor(Math.random() * ready.length)];
          if (chosen) void chosen.signOutAndIn();
        }, signOutEvery)
      : undefined;

  const results: StepResult[] = [];
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  try {
    for (let index = 0; index < steps; index += 1) {
      const stepStart = recorder.now();
      const perInstance = peopleAt(s, index);
      const joiners = perInstance * s.instances - people.length;
      console.log(
        `step ${index + 1}/${steps}: ${perInstance} people per instance (${joiners} joining over ${s.joinSeconds} s)`,
      );
      for (let j = 0; j < joiners; j += 1) {
        const id = people.length;
        const person = new Person(cluster.url, emailOf(id), ipOf(id), recorder, s);
        people.push(person);
        joining.push(
          sleep((s.joinSeconds * 1000 * j) / Math.max(joiners, 1)).then(() => person.start()),
        );
      }
      await sleep(s.joinSeconds * 1000);
      const before = await counters(cluster, recorder);
      delay.reset();
      await sleep(Math.max(0, stepStart + s.stepMinutes * 60_000 - recorder.now()));
      const after = await counters(cluster, recorder);
      const seconds = (after.at - before.at) / 1000;
      const step: StepResult = {
        index,
        peoplePerInstance: perInstance,
        fromSeconds: before.at / 1000,
        toSeconds: after.at / 1000,
        stats: recorder.stats(before.at, after.at),
        errors: recorder.errorsIn(before.at, after.at),
        requestsPerSecond: (after.requests - before.requests) / seconds,
        statementsPerSecond: (after.statements - before.statements) / seconds,
        redisCommandsPerSecond: (after.redis - before.redis) / seconds,
        instanceCores: (after.cpuMs - before.cpuMs) / 1000 / seconds,
        generatorCores: (after.generatorCpuMs - before.generatorCpuMs) / 1000 / seconds,
        generatorDelayP99: delay.percentile(99) / 1e6,
        loadAverage: loadavg()[0] ?? 0,
      };
      results.push(step);
      const decided = step.stats.filter((k) => k.count >= s.minSamples).map((k) => k.p99);
      const worst = decided.length
        ? `${Math.max(...decided).toFixed(0)} ms`
        : "– (too few samples)";
      console.log(
        `  ${step.requestsPerSecond.toFixed(1)} req/s, worst p99 ${worst}, ${step.errors.length} errors, ${step.statementsPerSecond.toFixed(0)} statements/s, ${step.redisCommandsPerSecond.toFixed(0)} Redis commands/s, instances ${step.instanceCores.toFixed(2)} cores, load generator ${step.generatorCores.toFixed(2)} cores`,
      );
    }
  } finally {
    delay.disable();
    clearInterval(rssTimer);
    clearInterval(signOutTimer);
    await Promise.allSettled(joining);
    await Promise.all(people.map((person) => person.stop()));
  }
  sampleRss();
  return { recorder, results, rss };
}

/** What the instances logged as failures (the last 20,000 characters of each one's output). */
function serverLogErrors(cluster: SoakCluster): string[] {
  return cluster.servers.flatMap((server, i) =>
    server
      .output()
      .split("\n")
      .filter((line) => /failed|cannot|unhandled|error/i.test(line))
      .map((line) => `instance ${i + 1}: ${line.trim()}`),
  );
}

/** Every kind of request must have run at least once, or the smoke test proved nothing. */
function missingKinds(recorder: Recorder): string[] {
  const seen = new Set(recorder.samples.map((x) => x.kind));
  const missing: string[] = Object.values(KIND).filter(
    (kind) => kind !== KIND.readRenewing && kind !== KIND.pageRenewing && !seen.has(kind),
  );
  if (!seen.has(KIND.readRenewing) && !seen.has(KIND.pageRenewing)) missing.push("a renewal");
  return missing;
}

function command(): string {
  const vars = Object.entries(process.env)
    .filter(([name]) => name.startsWith("SOAK_"))
    .map(([name, value]) => `${name}=${value} `)
    .join("");
  return `${vars}npm run bench:soak${s.quick ? " -- --quick" : ""}`;
}

async function main() {
  buildVariantIfNeeded("counted");
  const loadBefore = loadavg()[0] ?? 0;
  console.log(`Starting ${s.instances} instances behind a balancer on 127.0.0.1:${s.port}...`);
  const cluster = await startSoakCluster(s.port, s.instances);
  let outcome: Awaited<ReturnType<typeof run>>;
  try {
    await seed(cluster);
    console.log(`${total} accounts seeded; ramp of ${steps} steps of ${s.stepMinutes} min`);
    outcome = await run(cluster);
    for (const line of serverLogErrors(cluster)) outcome.recorder.error("server log", line);
  } catch (error) {
    for (const server of cluster.servers) console.error(server.output());
    throw error;
  } finally {
    await cluster.stop();
  }
  const { recorder, results, rss } = outcome;
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}`;
  const text = soakReport({
    settings: s,
    steps: results,
    whole: recorder.stats(),
    errors: recorder.errors,
    rss,
    header: [
      `### Soak: ${s.instances} instances behind a balancer, Postgres via the Neon driver, Redis via the Upstash client`,
      "",
      `Measured ${new Date().toISOString()} with \`${command()}\` on ${machine}; load average ${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? 0).toFixed(1)} after (the instances, the balancer, the stand-ins and the load generator share the machine).`,
      `Each person: one tab on /todos with its live feed open, a read of the list every ${s.readSeconds} s on average (every ${s.pageEvery}th a full page load, the rest GET /api/todos), ${s.writesPerMinute} writes a minute, its access JWT renewed through the middleware when its cookie runs out (5 min); ${s.signOutsPerMinute} sign-out and sign-in per instance per minute. Steps of ${s.stepMinutes} min, measured after the step's people joined (${s.joinSeconds} s).`,
    ],
  });
  console.log(`\n${text}\n`);
  if (process.env.SOAK_OUT) writeFileSync(process.env.SOAK_OUT, `${text}\n`);
  const missing = missingKinds(recorder);
  if (recorder.errors.length > 0 || missing.length > 0) {
    if (missing.length > 0) console.error(`Never sent: ${missing.join(", ")}`);
    console.error(`${recorder.errors.length} errors`);
    process.exit(1);
  }
}

await main();
