import type { PageWeight } from "./first-load-js";
import type { Measurement } from "./load";

export interface TargetResult {
  target: string;
  measurements: Measurement[];
  /** Peak RSS of the main server over each full round of scenarios (stability check). */
  roundPeaksBytes: number[];
}

export interface Goal {
  goal: string;
  met: boolean;
  figure: string;
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const ratio = (value: number, base: number | undefined) =>
  base ? `${(value / base).toFixed(2)}×` : "–";

export function measurementTable(result: TargetResult): string {
  const find = (name: string) => result.measurements.find((m) => m.scenario === name);
  const baseline = find(BASELINE)?.requestsPerSecond;
  const floor = find(STATIC_FLOOR)?.requestsPerSecond;
  const rows = result.measurements.map((m) =>
    [
      m.scenario,
      m.requestsPerSecond.toFixed(0),
      m.p50.toFixed(1),
      m.p99.toFixed(1),
      String(m.errors),
      m.queriesPerRequest.toFixed(2),
      m.cpuMsPerRequest.toFixed(1),
      mb(m.peakRssBytes),
      ratio(m.requestsPerSecond, baseline),
      ratio(m.requestsPerSecond, floor),
    ].join(" | "),
  );
  return [
    "| Scenario | req/s | p50 ms | p99 ms | errors | DB statements / req | server CPU ms / req | peak RSS MB | × baseline | × static floor |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map((row) => `| ${row} |`),
  ].join("\n");
}

export function weightTable(weights: PageWeight[], minimal: PageWeight): string {
  return [
    "| Page | scripts | first-load JS (gzip) | above the minimal page |",
    "| --- | ---: | ---: | ---: |",
    ...weights.map(
      (w) =>
        `| ${w.page} | ${w.scripts} | ${kb(w.gzipBytes)} kB | ${kb(w.gzipBytes - minimal.gzipBytes)} kB |`,
    ),
  ].join("\n");
}

export function goalTable(goals: Goal[]): string {
  return [
    "| Goal | met | figure |",
    "| --- | :---: | --- |",
    ...goals.map((g) => `| ${g.goal} | ${g.met ? "yes" : "**no**"} | ${g.figure} |`),
  ].join("\n");
}

export const PAGE_50 = "GET /todos (50 todos)";
export const PAGE_10K = "GET /todos (10,000 todos)";
export const API_COOKIE = "GET /api/todos (cookies)";
export const API_BEARER = "GET /api/todos (bearer JWT)";
export const API_POST = "POST /api/todos";
export const REDIRECT = "GET /todos signed out (redirect)";
export const STATIC_FLOOR = "GET /robots.txt (static floor)";
export const BASELINE = "baseline: GET /todos, session read from the DB";

/** The goals, for one database target. */
export function goalsFor(result: TargetResult, weights: PageWeight[], minimal: PageWeight): Goal[] {
  const m = (name: string) => result.measurements.find((x) => x.scenario === name);
  const goals: Goal[] = [];
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
  perRequest([REDIRECT, STATIC_FLOOR], 0, "0 DB round trips on the middleware path");
  perRequest(
    [PAGE_50, PAGE_10K, API_COOKIE, API_BEARER, API_POST],
    1,
    "exactly 1 DB round trip per page render or write",
  );
  const page = m(PAGE_50);
  const baseline = m(BASELINE);
  if (page && baseline) {
    const r = page.requestsPerSecond / baseline.requestsPerSecond;
    goals.push({
      goal: "signed-in GET /todos ≥ 1.5× the baseline's req/s",
      met: r >= 1.5,
      figure: `${r.toFixed(2)}×`,
    });
  }
  const redirect = m(REDIRECT);
  const floor = m(STATIC_FLOOR);
  if (redirect && floor) {
    const r = redirect.requestsPerSecond / floor.requestsPerSecond;
    goals.push({
      goal: "middleware redirect ≥ 0.8× the static floor",
      met: r >= 0.8,
      figure: `${r.toFixed(2)}×`,
    });
  }
  const big = m(PAGE_10K);
  if (big && page) {
    const r = big.p99 / page.p99;
    goals.push({
      goal: "10,000-todo first page p99 ≤ 2× the 50-todo one",
      met: r <= 2,
      figure: `${big.p99.toFixed(1)} ms vs ${page.p99.toFixed(1)} ms (${r.toFixed(2)}×)`,
    });
  }
  const todos = weights.find((w) => w.page === "/todos");
  if (todos) {
    const above = todos.gzipBytes - minimal.gzipBytes;
    goals.push({
      goal: "/todos first-load JS ≤ 25 kB (gzip) above the minimal page",
      met: above <= 25 * 1024,
      figure: `${kb(above)} kB above`,
    });
  }
  const errors = result.measurements.reduce((sum, x) => sum + x.errors, 0);
  goals.push({ goal: "zero errors under load", met: errors === 0, figure: `${errors} errors` });
  const [first = 0, second = 0] = result.roundPeaksBytes;
  goals.push({
    goal: "peak RSS stable across a second run (≤ +10 %)",
    met: second <= first * 1.1,
    figure: `${mb(first)} MB, then ${mb(second)} MB`,
  });
  return goals;
}
