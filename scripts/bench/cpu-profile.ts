/**
 * npm run bench:profile [-- --scenario page|api|floor-page|floor-json] [--seconds 20]: one scenario
 * under load against a server started with `node --cpu-prof` (PGlite, or Postgres when
 * BENCH_DATABASE_URL is reachable with --postgres), then where its CPU went: self time by file and
 * by function, and the inclusive time of the frames that matter. Profiles stay in the printed dir.
 */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildFloorIfNeeded, buildIfNeeded } from "./build";
import { prepareDatabase } from "./databases";
import { inBatches, renew, signIn } from "./devices";
import { measure, type Scenario } from "./load";
import { asBearers, floorScenarios, signedInPage } from "./scenarios";
import { type RunningServer, startFloor, startServer } from "./server";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const flag = (name: string, fallback: string) => {
  const index = process.argv.indexOf(name);
  return index > 0 ? (process.argv[index + 1] ?? fallback) : fallback;
};
const scenarioName = flag("--scenario", "page");
const seconds = Number(flag("--seconds", "20"));
const port = Number(process.env.BENCH_PORT ?? 3400);

/** node_modules/<package>, a bundled chunk, or Node's own code. */
function fileOf(url: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(url);
  if (pkg) {
    const [, name = "", rest = ""] = pkg;
    const compiled = /^dist\/compiled\/([^/]+)/.exec(rest);
    return compiled
      ? `${name} (compiled ${compiled[1]})`
      : `${name}/${rest.split("/").slice(0, 3).join("/")}`;
  }
  const chunk = /\.next\/(.*)$/.exec(url);
  if (chunk) return `.next/${chunk[1]}`;
  return url || "(native / V8)";
}

function summarise(profile: CpuProfile): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<number, number>();
  for (const [i, id] of profile.samples.entries())
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const files = new Map<string, number>();
  const functions = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = fileOf(url);
    files.set(file, (files.get(file) ?? 0) + us);
    const fn = `${functionName || "(anonymous)"} ${file}:${lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
    // Each frame on the stack gets the sample once, however often it recurses.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (!frame) break;
      const key = `${frame.functionName || "(anonymous)"} ${fileOf(frame.url)}:${frame.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  const top = (map: Map<string, number>, count: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, us]) => `  ${((us / total) * 100).toFixed(1).padStart(5)} %  ${name}`)
      .join("\n");
  return [
    `sampled ${(total / 1000).toFixed(0)} ms of CPU`,
    "self time by file:",
    top(files, 25),
    "self time by function:",
    top(functions, 30),
    "inclusive time by function:",
    top(inclusive, 60),
  ].join("\n");
}

async function main() {
  buildIfNeeded();
  buildFloorIfNeeded();
  const profileDir = mkdtempSync(join(tmpdir(), "todo-cpu-prof-"));
  const nodeArgs = ["--cpu-prof", "--cpu-prof-dir", profileDir];
  const settings = { connections: 10, warmupSeconds: 3, seconds };
  let server: RunningServer;
  let scenario: Scenario;
  const drops: (() => Promise<void>)[] = [];
  if (scenarioName.startsWith("floor")) {
    server = await startFloor(port + 1, nodeArgs);
    const found = floorScenarios[scenarioName === "floor-json" ? 1 : 0];
    if (!found) throw new Error("no floor scenario");
    scenario = found;
  } else {
    const workDir = mkdtempSync(join(tmpdir(), "todo-bench-"));
    const kind = process.argv.includes("--postgres") ? "postgres" : "pglite";
    // The API's per-user limits would answer one busy device with 429s: 48 devices share the calls.
    const users = Array.from({ length: 48 }, (_, i) => ({
      email: `list-${i}@bench.test`,
      todos: 50,
    }));
    const database = await prepareDatabase(kind, workDir, users);
    if (!database) throw new Error(`no ${kind} database`);
    drops.push(database.drop);
    server = await startServer({ port, database: database.server, build: "production", nodeArgs });
    const devices = await inBatches(scenarioName === "api" ? users : users.slice(0, 1), 4, (user) =>
      signIn(server.url, user.email, `10.0.0.${users.indexOf(user) + 1}`),
    );
    await inBatches(devices, 4, (d) => renew(server.url, d, true));
    const [device] = devices;
    if (!device) throw new Error("sign-in failed");
    scenario =
      scenarioName === "api"
        ? {
            name: "GET /api/todos (bearer)",
            method: "GET",
            path: "/api/todos",
            expectStatus: 200,
            devices: asBearers(devices),
          }
        : signedInPage(device);
  }
  try {
    const m = await measure(server, scenario, settings);
    console.log(
      `${m.scenario}: ${m.requestsPerSecond.toFixed(0)} req/s, ${m.cpuMsPerRequest.toFixed(2)} CPU ms/req, ${m.errors} errors`,
    );
  } finally {
    await server.stop();
    for (const drop of drops) await drop();
  }
  const [file] = readdirSync(profileDir).filter((f) => f.endsWith(".cpuprofile"));
  if (!file) throw new Error(`no profile written to ${profileDir}`);
  console.log(
    `${join(profileDir, file)}\n${summarise(JSON.parse(readFileSync(join(profileDir, file), "utf8")) as CpuProfile)}`,
  );
}

await main();
