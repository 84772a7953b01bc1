import type { KindStats, SoakError } from "./recorder";
import type { SoakSettings } from "./settings";

export interface StepResult {
  index: number;
  peoplePerInstance: number;
  /** The measured window: after the step's people joined, to the step's end (s since start). */
  fromSeconds: number;
  toSeconds: number;
  stats: KindStats[];
  errors: SoakError[];
  requestsPerSecond: number;
  statementsPerSecond: number;
  redisCommandsPerSecond: number;
  /** All instances' CPU over the window, in cores (1.0 = one core busy). */
  instanceCores: number;
  /** This process's CPU over the window, in cores: the people, and (in-process) the balancer and stand-ins. */
  generatorCores: number;
  /** The machine's 1-minute load average at the step's end (other work included). */
  loadAverage: number;
  /** The load generator's own event-loop delay, p99 (ms): high means it, not the app, was slow. */
  generatorDelayP99: number;
}

export interface RssSample {
  seconds: number;
  bytes: number[];
}

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const ms = (n: number) => (Number.isNaN(n) ? "–" : n < 10 ? n.toFixed(1) : n.toFixed(0));
const row = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;

/** A step passes with no errors and every kind with enough samples under the p99 goal. */
export function passes(step: StepResult, s: SoakSettings): boolean {
  return (
    step.errors.length === 0 &&
    step.stats.every((k) => k.count < s.minSamples || k.p99 < s.p99GoalMs)
  );
}

function worst(step: StepResult, s: SoakSettings): KindStats | undefined {
  return step.stats
    .filter((k) => k.count >= s.minSamples)
    .reduce<KindStats | undefined>((w, k) => (!w || k.p99 > w.p99 ? k : w), undefined);
}

/** People per instance at the last step of the unbroken run of passing steps from the first. */
export function largestPassing(steps: StepResult[], s: SoakSettings): StepResult | undefined {
  let last: StepResult | undefined;
  for (const step of steps) {
    if (!passes(step, s)) break;
    last = step;
  }
  return last;
}

export function soakReport(input: {
  settings: SoakSettings;
  header: string[];
  steps: StepResult[];
  whole: KindStats[];
  errors: SoakError[];
  rss: RssSample[];
}): string {
  const { settings: s, steps, whole, errors, rss } = input;
  const held = largestPassing(steps, s);
  const failed = steps.find((step) => !passes(step, s));
  const verdict = held
    ? `**Holds ${held.peoplePerInstance} people per instance** (${held.peoplePerInstance * s.instances} on ${s.instances} instances) with every p99 under ${s.p99GoalMs} ms and no errors${failed ? `; at ${failed.peoplePerInstance} per instance ${describeFailure(failed, s)}` : `; the ramp ended before any step failed (raise SOAK_STEP_PEOPLE or SOAK_MINUTES to find the limit)`}.`
    : `**Not even the first step (${steps[0]?.peoplePerInstance ?? s.startPeople} people per instance) kept every p99 under ${s.p99GoalMs} ms**${steps[0] ? `: ${describeFailure(steps[0], s)}` : ""}.`;
  const kinds = [...new Set(whole.map((k) => k.kind))];
  const lines = [
    ...input.header,
    "",
    verdict,
    "",
    row([
      "step",
      "people / instance",
      "req/s",
      "errors",
      `worst p99 ms (kinds with ≥ ${s.minSamples} samples)`,
      "DB statements/s",
      "Redis commands/s",
      "instances' CPU (cores)",
      "load generator CPU (cores)",
      "load generator delay p99 ms",
      "machine load average",
      `p99 < ${s.p99GoalMs} ms`,
    ]),
    row([
      "---:",
      "---:",
      "---:",
      "---:",
      "---",
      "---:",
      "---:",
      "---:",
      "---:",
      "---:",
      "---:",
      "---",
    ]),
    ...steps.map((step) => {
      const w = worst(step, s);
      return row([
        step.index + 1,
        step.peoplePerInstance,
        step.requestsPerSecond.toFixed(1),
        step.errors.length,
        w ? `${ms(w.p99)} (${w.kind})` : "–",
        step.statementsPerSecond.toFixed(0),
        step.redisCommandsPerSecond.toFixed(0),
        step.instanceCores.toFixed(2),
        step.generatorCores.toFixed(2),
        ms(step.generatorDelayP99),
        step.loadAverage.toFixed(1),
        passes(step, s) ? "yes" : "**no**",
      ]);
    }),
    "",
    "p99 per step (ms; in brackets: fewer samples than decide a step, the figure is their maximum):",
    "",
    row(["request", ...steps.map((step) => `${step.peoplePerInstance}/inst.`)]),
    row(["---", ...steps.map(() => "---:")]),
    ...kinds.map((kind) =>
      row([
        kind,
        ...steps.map((step) => {
          const k = step.stats.find((x) => x.kind === kind);
          if (!k) return "–";
          return k.count < s.minSamples ? `(${ms(k.p99)})` : ms(k.p99);
        }),
      ]),
    ),
    "",
    "Over the whole run (joins included):",
    "",
    row(["request", "count", "p50 ms", "p99 ms", "max ms", "errors"]),
    row(["---", "---:", "---:", "---:", "---:", "---:"]),
    ...whole.map((k) =>
      row([
        k.kind,
        k.count,
        ms(k.p50),
        ms(k.p99),
        ms(k.max),
        errors.filter((e) => e.kind === k.kind).length,
      ]),
    ),
    "",
    "Resident memory of each instance (MB):",
    "",
    row(["minute", ...(rss[0]?.bytes.map((_, i) => `instance ${i + 1}`) ?? [])]),
    row(["---:", ...(rss[0]?.bytes.map(() => "---:") ?? [])]),
    ...rss.map((r) => row([(r.seconds / 60).toFixed(r.seconds % 60 ? 2 : 0), ...r.bytes.map(mb)])),
  ];
  if (errors.length > 0) {
    lines.push("", `Errors (${errors.length}; first 10):`, "");
    for (const e of errors.slice(0, 10))
      lines.push(`- ${(e.at / 1000).toFixed(1)} s, ${e.kind}: ${e.message.replaceAll("\n", " ")}`);
  }
  return lines.join("\n");
}

function describeFailure(step: StepResult, s: SoakSettings): string {
  if (step.errors.length > 0) return `${step.errors.length} errors`;
  const over = step.stats.filter((k) => k.count >= s.minSamples && k.p99 >= s.p99GoalMs);
  return over.map((k) => `${k.kind} p99 ${ms(k.p99)} ms`).join(", ");
}
