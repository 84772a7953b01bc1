import * as z from "zod";
import { isLoopbackHost } from "./net/loopback";
import { processSingleton } from "./process-state";

const optional = z
  .string()
  .trim()
  .transform((value) => value || undefined)
  .optional();

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  VERCEL: optional,
  /**
   * "1": `next start` on the embedded backends (PGlite, outbox, in-memory limits) for this machine
   * only; without it a production server is a deployment. Tests and the benchmark set it.
   */
  EMBEDDED_MODE: optional.pipe(z.literal("1", "EMBEDDED_MODE must be 1 or unset").optional()),
  BETTER_AUTH_URL: z.url().default("http://localhost:3000"),
  BETTER_AUTH_SECRET: optional.pipe(
    z.string().min(32, "BETTER_AUTH_SECRET must be at least 32 characters").optional(),
  ),
  DATABASE_URL: optional,
  /** Tests and benchmark only (no TLS; refused in a deployment): host:port of neon-ws-proxy.ts. */
  NEON_WS_PROXY: optional,
  /** Where the embedded PGlite keeps its files when DATABASE_URL is unset. */
  PGLITE_DIR: z.string().default(".data/pglite"),
  RESEND_API_KEY: optional,
  RESEND_BASE_URL: optional,
  EMAIL_FROM: optional,
  UPSTASH_REDIS_REST_URL: optional,
  UPSTASH_REDIS_REST_TOKEN: optional,
  /** Namespaces limiter keys when environments share one Redis. */
  RATE_LIMIT_PREFIX: z.string().trim().min(1).default("rl"),
  /**
   * The header holding the client's IP, set by the host's proxy so a client cannot forge it
   * (Vercel: x-real-ip; Cloudflare: cf-connecting-ip). For a list header the last entry counts.
   */
  CLIENT_IP_HEADER: optional.pipe(z.string().toLowerCase().optional()),
  /** Pwned Passwords' range API (k-anonymity); "off" only in tests and benchmarks. */
  PWNED_PASSWORDS_URL: z
    .union([z.literal("off"), z.url()])
    .default("https://api.pwnedpasswords.com"),
  /** Sign-in providers (lib/auth/providers.ts): each optional, but never half-set. */
  GOOGLE_CLIENT_ID: optional,
  GOOGLE_CLIENT_SECRET: optional,
  GITHUB_CLIENT_ID: optional,
  GITHUB_CLIENT_SECRET: optional,
  OIDC_DISCOVERY_URL: optional.pipe(z.url("OIDC_DISCOVERY_URL must be a URL").optional()),
  OIDC_CLIENT_ID: optional,
  OIDC_CLIENT_SECRET: optional,
  OIDC_PROVIDER_NAME: optional.pipe(
    z.string().max(40, "OIDC_PROVIDER_NAME must be at most 40 characters").optional(),
  ),
});

/** Vercel's proxy sets x-real-ip on every request, overwriting what a client sent. */
const DEFAULT_CLIENT_IP_HEADER = "x-real-ip";

export type Env = z.infer<typeof envSchema> & { CLIENT_IP_HEADER: string };

/** A deployment must never fall back silently to the laptop defaults. */
const requiredInDeployment = [
  "BETTER_AUTH_SECRET",
  "DATABASE_URL",
  "RESEND_API_KEY",
  "EMAIL_FROM",
  "UPSTASH_REDIS_REST_URL",
  "UPSTASH_REDIS_REST_TOKEN",
] as const satisfies readonly (keyof Env)[];

/** Switches for the benchmark and tests only: a deployment that carries one refuses to start. */
function benchOrTestSwitches(env: z.infer<typeof envSchema>): string[] {
  return [
    env.NEON_WS_PROXY && "NEON_WS_PROXY (no TLS to the database)",
    env.PWNED_PASSWORDS_URL === "off" && "PWNED_PASSWORDS_URL=off (no breached-password check)",
  ].filter((problem): problem is string => Boolean(problem));
}

/** A provider is configured by all of its variables or none: half of one is a typo, not an opt-out. */
const providerVariables = [
  ["GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET"],
  ["GITHUB_CLIENT_ID", "GITHUB_CLIENT_SECRET"],
  ["OIDC_DISCOVERY_URL", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_PROVIDER_NAME"],
] as const satisfies readonly (readonly (keyof Env)[])[];

function halfSetProviders(env: z.infer<typeof envSchema>): string[] {
  return providerVariables.flatMap((names) => {
    const set = names.filter((name) => env[name]);
    if (set.length === 0 || set.length === names.length) return [];
    const missing = names.filter((name) => !env[name]);
    return [`${missing.join(", ")} (${set.join(", ")} is set)`];
  });
}

/**
 * Positive rule: Vercel, or any production server (`next start`) unless its operator opted into
 * embedded mode; a reverse proxy in front must never make it a laptop.
 */
export function isDeployment(env: Pick<Env, "VERCEL" | "NODE_ENV" | "EMBEDDED_MODE">): boolean {
  return Boolean(env.VERCEL) || (env.NODE_ENV === "production" && !env.EMBEDDED_MODE);
}

/** The mode alone, for scripts that run before Next; an unreadable mode counts as a deployment. */
export function isDeploymentEnv(raw: Record<string, string | undefined>): boolean {
  const mode = envSchema.pick({ NODE_ENV: true, VERCEL: true, EMBEDDED_MODE: true }).safeParse(raw);
  return !mode.success || isDeployment(mode.data);
}

export function parseEnv(raw: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join(".")}: ${issue.message}`,
    );
    throw new Error(`Invalid environment: ${problems.join("; ")}`);
  }
  const parsed = result.data;
  const halfSet = halfSetProviders(parsed);
  if (halfSet.length > 0) {
    throw new Error(
      `Sign-in provider half configured, missing: ${halfSet.join("; ")}. Set all of its variables or none. See .env.example.`,
    );
  }
  if (parsed.EMBEDDED_MODE && parsed.VERCEL) {
    throw new Error(
      "EMBEDDED_MODE cannot run on Vercel: unset it and configure the production settings.",
    );
  }
  if (parsed.EMBEDDED_MODE && !isLoopbackHost(new URL(parsed.BETTER_AUTH_URL).host)) {
    throw new Error(
      "EMBEDDED_MODE serves this machine only: BETTER_AUTH_URL must be a localhost URL.",
    );
  }
  if (isDeployment(parsed)) {
    const missing: string[] = requiredInDeployment.filter((name) => !parsed[name]);
    // Elsewhere no default is safe: a header the proxy does not overwrite is the client's to forge.
    if (!parsed.CLIENT_IP_HEADER && !parsed.VERCEL) missing.push("CLIENT_IP_HEADER");
    if (missing.length > 0) {
      throw new Error(`Missing production setting(s): ${missing.join(", ")}. See .env.example.`);
    }
    // Discovery names the endpoints that receive client secrets and codes: never over plain HTTP.
    if (parsed.OIDC_DISCOVERY_URL && new URL(parsed.OIDC_DISCOVERY_URL).protocol !== "https:") {
      throw new Error("OIDC_DISCOVERY_URL must be an https URL in a deployment.");
    }
    const switches = benchOrTestSwitches(parsed);
    if (switches.length > 0) {
      throw new Error(`Not allowed in a deployment (benchmark/test only): ${switches.join(", ")}.`);
    }
  }
  const env = { ...parsed, CLIENT_IP_HEADER: parsed.CLIENT_IP_HEADER ?? DEFAULT_CLIENT_IP_HEADER };
  if (!env.BETTER_AUTH_SECRET) {
    throw new Error("BETTER_AUTH_SECRET is not set. Run `npm run dev`, which generates one.");
  }
  return env;
}

/** Reads the environment once; each name is spelled out because Next inlines them per name. */
export function env(): Env {
  return processSingleton("env", readEnv);
}

function readEnv(): Env {
  return parseEnv({
    NODE_ENV: process.env.NODE_ENV,
    VERCEL: process.env.VERCEL,
    EMBEDDED_MODE: process.env.EMBEDDED_MODE,
    BETTER_AUTH_URL: process.env.BETTER_AUTH_URL,
    BETTER_AUTH_SECRET: process.env.BETTER_AUTH_SECRET,
    DATABASE_URL: process.env.DATABASE_URL,
    NEON_WS_PROXY: process.env.NEON_WS_PROXY,
    PGLITE_DIR: process.env.PGLITE_DIR,
    RESEND_API_KEY: process.env.RESEND_API_KEY,
    RESEND_BASE_URL: process.env.RESEND_BASE_URL,
    EMAIL_FROM: process.env.EMAIL_FROM,
    UPSTASH_REDIS_REST_URL: process.env.UPSTASH_REDIS_REST_URL,
    UPSTASH_REDIS_REST_TOKEN: process.env.UPSTASH_REDIS_REST_TOKEN,
    RATE_LIMIT_PREFIX: process.env.RATE_LIMIT_PREFIX,
    CLIENT_IP_HEADER: process.env.CLIENT_IP_HEADER,
    PWNED_PASSWORDS_URL: process.env.PWNED_PASSWORDS_URL,
    GOOGLE_CLIENT_ID: process.env.GOOGLE_CLIENT_ID,
    GOOGLE_CLIENT_SECRET: process.env.GOOGLE_CLIENT_SECRET,
    GITHUB_CLIENT_ID: process.env.GITHUB_CLIENT_ID,
    GITHUB_CLIENT_SECRET: process.env.GITHUB_CLIENT_SECRET,
    OIDC_DISCOVERY_URL: process.env.OIDC_DISCOVERY_URL,
    OIDC_CLIENT_ID: process.env.OIDC_CLIENT_ID,
    OIDC_CLIENT_SECRET: process.env.OIDC_CLIENT_SECRET,
    OIDC_PROVIDER_NAME: process.env.OIDC_PROVIDER_NAME,
  });
}
