import type { DelayProfileName } from "../network-delay";
import {
  COLD_APP_API,
  COLD_APP_PAGE,
  COLD_FLOOR_JSON,
  COLD_FLOOR_PAGE,
  type ColdResult,
  median,
} from "./cold";
import type { PageWeight } from "./first-load-js";
import type { Measurement } from "./load";
import * as n from "./names";

export interface NetworkRow {
  profile: DelayProfileName;
  m: Measurement;
}

export interface TargetResult {
  target: string;
  /** The last round: the floor's two routes, the app's scenarios, the baseline. */
  measurements: Measurement[];
  /** Peak RSS of the app's server over each full round of scenarios (stability check). */
  roundPeaksBytes: number[];
  floorPeakBytes: number;
  network: NetworkRow[];
  cold: ColdResult[];
}

export interface Goal {
  goal: string;
  met: boolean;
  figure: string;
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const times = (r: number) => `${r.toFixed(2)}×`;
const ratio = (value: number, base: number | undefined) => (base ? times(value / base) : "–");
const table = (head: string[], align: string[], rows: string[][]) =>
  [
    `| ${head.join(" | ")} |`,
    `| ${align.join(" | ")} |`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");

/** The floor route a scenario is compared with: the JSON route for the API, else the page. */
function floorFor(result: TargetResult, scenario: string): Measurement | undefined {
  const name =
    n.API_SCENARIOS.has(scenario) || scenario === n.FLOOR_JSON ? n.FLOOR_JSON : n.FLOOR_PAGE;
  return result.measurements.find((m) => m.scenario === name);
}

export function measurementTable(result: TargetResult): string {
  const baseline = result.measurements.find((m) => m.scenario === n.BASELINE)?.requestsPerSecond;
  return table(
    [
      "Scenario",
      "req/s",
      "p50 ms",
      "p99 ms",
      "errors",
      "DB statements / req",
      "server CPU ms / req",
      "× floor's CPU / req",
      "peak RSS MB",
      "× baseline req/s",
    ],
    ["---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:"],
    result.measurements.map((m) => [
      m.scenario,
      m.requestsPerSecond.toFixed(0),
      m.p50.toFixed(1),
      m.p99.toFixed(1),
      String(m.errors),
      m.queriesPerRequest.toFixed(2),
      m.cpuMsPerRequest.toFixed(2),
      ratio(m.cpuMsPerRequest, floorFor(result, m.scenario)?.cpuMsPerRequest),
      mb(m.peakRssBytes),
      m.scenario.startsWith("floor:") ? "–" : ratio(m.requestsPerSecond, baseline),
    ]),
  );
}

/** The baseline's row for the same profile and concurrency as `row`. */
function baselineOf(rows: NetworkRow[], row: NetworkRow): NetworkRow | undefined {
  return rows.find(
    (b) =>
      b.profile === row.profile &&
      b.m.connections === row.m.connections &&
      b.m.scenario.startsWith(n.BASELINE),
  );
}

export function networkTable(rows: NetworkRow[]): string {
  return table(
    [
      "Network (each way)",
      "Scenario",
      "connections",
      "req/s",
      "p50 ms",
      "p99 ms",
      "server CPU ms / req",
      "p50 × baseline's",
      "p99 × baseline's",
    ],
    ["---", "---", "---:", "---:", "---:", "---:", "---:", "---:", "---:"],
    rows.map((row) => {
      const base = baselineOf(rows, row)?.m;
      const own = row.m.scenario.startsWith(n.BASELINE);
      return [
        profileLabel(row.profile),
        row.m.scenario,
        String(row.m.connections),
        row.m.requestsPerSecond.toFixed(0),
        row.m.p50.toFixed(1),
        row.m.p99.toFixed(1),
        row.m.cpuMsPerRequest.toFixed(2),
        own ? "–" : ratio(row.m.p50, base?.p50),
        own ? "–" : ratio(row.m.p99, base?.p99),
      ];
    }),
  );
}

export function profileLabel(profile: DelayProfileName): string {
  return { loopback: "loopback (0 ms)", region: "region (1 ms ± 0.5)", far: "far (10 ms)" }[
    profile
  ];
}

const coldFloorOf: Record<string, string> = {
  [COLD_APP_PAGE]: COLD_FLOOR_PAGE,
  [COLD_APP_API]: COLD_FLOOR_JSON,
};

export function coldTable(cold: ColdResult[]): string {
  const medianOf = (name: string) => {
    const found = cold.find((c) => c.name === name);
    return found ? median(found.runsMs) : undefined;
  };
  return table(
    [
      "First answer after the process starts",
      "runs (ms)",
      "median ms",
      "× the floor's",
      "RSS then (median MB)",
    ],
    ["---", "---", "---:", "---:", "---:"],
    cold.map((c) => {
      const floor = coldFloorOf[c.name];
      return [
        c.name,
        c.runsMs.map((ms) => ms.toFixed(0)).join(", "),
        median(c.runsMs).toFixed(0),
        floor ? ratio(median(c.runsMs), medianOf(floor)) : "–",
        mb(median(c.rssBytes)),
      ];
    }),
  );
}

export function weightTable(weights: PageWeight[]): string {
  const [floor] = weights;
  return table(
    ["Page", "scripts", "first-load JS (gzip)", "above the floor's dynamic page"],
    ["---", "---:", "---:", "---:"],
    weights.map((w) => [
      w.page,
      String(w.scripts),
      `${kb(w.gzipBytes)} kB`,
      `${kb(w.gzipBytes - (floor?.gzipBytes ?? 0))} kB`,
    ]),
  );
}

export function goalTable(goals: Goal[]): string {
  return table(
    ["Goal", "met", "figure"],
    ["---", ":---:", "---"],
    goals.map((g) => [g.goal, g.met ? "yes" : "**no**", g.figure]),
  );
}

/** The goals of the performance issues, for one database target. */
export function goalsFor(result: TargetResult, weights: PageWeight[] | undefined): Goal[] {
  const m = (name: string) => result.measurements.find((x) => x.scenario === name);
  const goals: Goal[] = [];
  const add = (goal: string, value: number, limit: number, figure: string, atLeast = false) =>
    goals.push({ goal, met: atLeast ? value >= limit : value <= limit, figure });

  for (const [name, floorName] of [
    [n.PAGE_50, n.FLOOR_PAGE],
    [n.API_BEARER, n.FLOOR_JSON],
    [n.API_COOKIE, n.FLOOR_JSON],
  ] as const) {
    const app = m(name);
    const floor = m(floorName);
    if (!app || !floor) continue;
    const r = app.cpuMsPerRequest / floor.cpuMsPerRequest;
    add(
      `${name} ≤ 1.5× the floor's CPU / request`,
      r,
      1.5,
      `${app.cpuMsPerRequest.toFixed(2)} vs ${floor.cpuMsPerRequest.toFixed(2)} ms (${times(r)})`,
    );
  }
  for (const connections of [10, 1]) {
    const row = result.network.find(
      (x) =>
        x.profile === "region" &&
        x.m.connections === connections &&
        x.m.scenario.startsWith(n.PAGE_50),
    );
    const base = row && baselineOf(result.network, row);
    if (!row || !base) continue;
    const r = row.m.p50 / base.m.p50;
    add(
      `region network, ${connections} connection(s): GET /todos p50 ≤ 0.75× the baseline's`,
      r,
      0.75,
      `${row.m.p50.toFixed(1)} vs ${base.m.p50.toFixed(1)} ms (${times(r)})`,
    );
  }
  const peak = Math.max(0, ...result.roundPeaksBytes);
  if (result.floorPeakBytes) {
    const r = peak / result.floorPeakBytes;
    add(
      "peak RSS ≤ 1.25× the floor app's",
      r,
      1.25,
      `${mb(peak)} vs ${mb(result.floorPeakBytes)} MB (${times(r)})`,
    );
  }
  const cold = (name: string) => result.cold.find((c) => c.name === name);
  const coldPage = cold(COLD_APP_PAGE);
  const coldFloor = cold(COLD_FLOOR_PAGE);
  if (coldPage && coldFloor) {
    const [a, b] = [median(coldPage.runsMs), median(coldFloor.runsMs)];
    add(
      "cold first signed-in GET /todos ≤ 1.5× the floor's first dynamic page",
      a / b,
      1.5,
      `${a.toFixed(0)} vs ${b.toFixed(0)} ms (${times(a / b)})`,
    );
  }
  const todos = weights?.find((w) => w.page === "/todos");
  const floorPage = weights?.[0];
  if (todos && floorPage) {
    const above = todos.gzipBytes - floorPage.gzipBytes;
    add(
      "/todos first-load JS within 25 kB (gzip) of the floor's page",
      above,
      25 * 1024,
      `${kb(above)} kB above (${kb(todos.gzipBytes)} vs ${kb(floorPage.gzipBytes)} kB)`,
    );
  }

  const perRequest = (names: string[], expected: number, goal: string) => {
    const found = names.map(m).filter((x): x is Measurement => Boolean(x));
    goals.push({
      goal,
      met:
        found.length === names.length &&
        found.every((x) => Math.abs(x.queriesPerRequest - expected) < 0.02),
      figure: found.map((x) => `${x.scenario}: ${x.queriesPerRequest.toFixed(2)}`).join("; "),
    });
  };
  perRequest([n.REDIRECT, n.STATIC_FILE], 0, "0 DB round trips on the middleware path");
  perRequest(
    [n.PAGE_50, n.PAGE_10K, n.API_COOKIE, n.API_BEARER, n.API_POST],
    1,
    "exactly 1 DB round trip per page render or write",
  );
  const page = m(n.PAGE_50);
  const baseline = m(n.BASELINE);
  if (page && baseline) {
    const r = page.requestsPerSecond / baseline.requestsPerSecond;
    add("signed-in GET /todos ≥ 1.5× the baseline's req/s (loopback)", r, 1.5, times(r), true);
  }
  const redirect = m(n.REDIRECT);
  const file = m(n.STATIC_FILE);
  if (redirect && file) {
    const r = redirect.requestsPerSecond / file.requestsPerSecond;
    add("middleware redirect ≥ 0.8× a static file's req/s", r, 0.8, times(r), true);
  }
  const big = m(n.PAGE_10K);
  if (big && page) {
    const r = big.p99 / page.p99;
    add(
      "10,000-todo first page p99 ≤ 2× the 50-todo one",
      r,
      2,
      `${big.p99.toFixed(1)} ms vs ${page.p99.toFixed(1)} ms (${times(r)})`,
    );
  }
  const errors = [...result.measurements, ...result.network.map((x) => x.m)].reduce(
    (sum, x) => sum + x.errors,
    0,
  );
  goals.push({ goal: "zero errors under load", met: errors === 0, figure: `${errors} errors` });
  const [first = 0, second] = result.roundPeaksBytes;
  if (second !== undefined)
    add(
      "peak RSS stable across a second round (≤ +10 %)",
      second,
      first * 1.1,
      `${mb(first)} MB, then ${mb(second)} MB`,
    );
  return goals;
}

export function document(input: {
  header: string[];
  results: TargetResult[];
  weights?: PageWeight[];
}): string {
  const sections: string[] = [
    [
      ...input.header,
      "The floor is bench/floor-app: a bare Next app of the same versions with a no-op edge middleware on the same matcher, no auth and no database, serving a 50-item dynamic page and a 50-item JSON route; it runs beside the app and is measured in the same rounds. CPU per request is read from /proc for the server process alone, so it holds up better than req/s when other work shares the machine.",
      "The app and the baseline run as the bench's own builds (scripts/bench/variants): the same sources plus a Kysely plugin that counts DB statements, the baseline also with the cookie cache off; production code has no bench switch. Network profiles are applied by the bench's Neon WebSocket proxy to every chunk, each way (timers fire on 1 ms boundaries); PGlite has no network.",
    ].join("\n"),
  ];
  for (const result of input.results) {
    sections.push(`## ${result.target}\n\n${measurementTable(result)}`);
    if (result.network.length)
      sections.push(
        `Network profiles (${result.target}): the signed-in page under each delay, the baseline under the same delay.\n\n${networkTable(result.network)}`,
      );
    if (result.cold.length)
      sections.push(
        `Cold start (${result.target}): from spawning \`next start\` to the first complete answer, the device already signed in.\n\n${coldTable(result.cold)}`,
      );
    sections.push(`Goals (${result.target}):\n\n${goalTable(goalsFor(result, input.weights))}`);
  }
  if (input.weights) sections.push(`## First-load JavaScript\n\n${weightTable(input.weights)}`);
  return `${sections.join("\n\n")}\n`;
}
