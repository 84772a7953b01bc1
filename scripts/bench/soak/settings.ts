/**
 * The soak's knobs, from the environment (npm run bench:soak; SOAK_* below). `--quick` is the CI
 * smoke: under a minute, a few people, every kind of request at least once; it fails on errors only.
 */
export interface SoakSettings {
  quick: boolean;
  /** The whole ramp. */
  minutes: number;
  /** Each step of the ramp adds people, then holds them this long. */
  stepMinutes: number;
  /** People per instance in the first step, and added per instance at each later step. */
  startPeople: number;
  stepPeople: number;
  /**
   * New people sign in spread over this long at the start of their step (a third of it by default:
   * each sign-in runs scrypt, and the backlog of a burst is not what the step measures).
   */
  joinSeconds: number;
  /** Mean time between two reads of the list by one person (each waits 0.5× to 1.5× of it). */
  readSeconds: number;
  /** One read in this many is a full page load of /todos; the rest GET /api/todos. */
  pageEvery: number;
  /** Writes (create, toggle, rename, delete) per person per minute. */
  writesPerMinute: number;
  /** Sign-outs (each followed by a sign-in) per instance per minute, across its people. */
  signOutsPerMinute: number;
  /** A step passes when every kind of request it sent has a p99 under this. */
  p99GoalMs: number;
  /** A kind with fewer samples in a step does not decide it (its p99 is just its maximum). */
  minSamples: number;
  instances: number;
  /** The balancer; instances, the Neon proxy and the Upstash stand-in take the next five ports. */
  port: number;
}

const ACCESS_JWT_SECONDS = 300;

function number(name: string, fallback: number, check: (n: number) => boolean, rule: string) {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || !check(value))
    throw new Error(`${name}=${JSON.stringify(raw)}: must be ${rule}`);
  return value;
}

const positive = (n: number) => n > 0;
const whole = (n: number) => Number.isInteger(n) && n >= 0;
const wholePositive = (n: number) => Number.isInteger(n) && n > 0;

export function soakSettings(argv = process.argv): SoakSettings {
  const quick = argv.includes("--quick");
  const minutes = number("SOAK_MINUTES", quick ? 0.75 : 10, positive, "a number of minutes > 0");
  const stepMinutes = number(
    "SOAK_STEP_MINUTES",
    quick ? minutes / 2 : 1,
    (n) => n > 0 && n <= minutes,
    `a number of minutes > 0 and at most SOAK_MINUTES (${minutes})`,
  );
  const settings: SoakSettings = {
    quick,
    minutes,
    stepMinutes,
    startPeople: number("SOAK_START_PEOPLE", quick ? 2 : 10, wholePositive, "a whole number > 0"),
    stepPeople: number("SOAK_STEP_PEOPLE", quick ? 2 : 10, whole, "a whole number ≥ 0"),
    joinSeconds: number(
      "SOAK_JOIN_SECONDS",
      (stepMinutes * 60) / 3,
      (n) => n >= 0 && n < stepMinutes * 60,
      "a number of seconds ≥ 0, shorter than a step",
    ),
    readSeconds: number("SOAK_READ_SECONDS", quick ? 2 : 5, positive, "a number of seconds > 0"),
    pageEvery: number("SOAK_PAGE_EVERY", 6, wholePositive, "a whole number > 0"),
    writesPerMinute: number("SOAK_WRITES_PER_MINUTE", quick ? 12 : 3, positive, "a number > 0"),
    signOutsPerMinute: number(
      "SOAK_SIGN_OUTS_PER_MINUTE",
      quick ? 3 : 1,
      (n) => n >= 0,
      "a number ≥ 0",
    ),
    p99GoalMs: number("SOAK_P99_MS", 250, positive, "a number of ms > 0"),
    minSamples: number("SOAK_MIN_SAMPLES", 20, whole, "a whole number ≥ 0"),
    instances: number("SOAK_INSTANCES", 3, wholePositive, "a whole number > 0"),
    port: number("SOAK_PORT", 3600, (n) => whole(n) && n < 65_530, "a port number"),
  };
  return settings;
}

export function stepCount(s: SoakSettings): number {
  return Math.max(1, Math.floor(s.minutes / s.stepMinutes + 1e-9));
}

/** People per instance during step `index` (0-based). */
export function peopleAt(s: SoakSettings, index: number): number {
  return s.startPeople + index * s.stepPeople;
}

/**
 * When a person's current access JWT expires, as their cookie jar sees it. A person who joins is
 * as if they had signed in some time in the last 5 minutes, so renewals come at the steady rate
 * from the start; in the smoke run every person renews within the run.
 */
export function firstAccessExpiry(s: SoakSettings, now: number): number {
  const spread = Math.min(ACCESS_JWT_SECONDS, s.quick ? s.minutes * 60 * 0.6 : ACCESS_JWT_SECONDS);
  return now + Math.random() * spread * 1000;
}
