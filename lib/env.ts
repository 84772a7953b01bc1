import * as z from "zod";

const optional = z
  .string()
  .trim()
  .transform((value) => value || undefined)
  .optional();

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  VERCEL: optional,
  BETTER_AUTH_URL: z.url().default("http://localhost:3000"),
  BETTER_AUTH_SECRET: optional.pipe(
    z.string().min(32, "BETTER_AUTH_SECRET must be at least 32 characters").optional(),
  ),
  DATABASE_URL: optional,
  /** Host:port of scripts/neon-ws-proxy.ts, for the Neon driver against a plain Postgres. */
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
  CLIENT_IP_HEADER: z.string().trim().toLowerCase().default("x-real-ip"),
  /**
   * Benchmark baseline only (`npm run bench`): "database" is Better Auth's default — no access JWT,
   * every request reads the session row — to compare against. Never set it in a deployment.
   */
  SESSION_CHECK: z.enum(["jwt", "database"]).default("jwt"),
  /** Benchmark only: count database statements and write them here on SIGUSR2. */
  BENCH_STATS_FILE: optional,
});

export type Env = z.infer<typeof envSchema>;

/** A deployment must never fall back silently to the laptop defaults. */
const requiredInDeployment = [
  "BETTER_AUTH_SECRET",
  "DATABASE_URL",
  "RESEND_API_KEY",
  "EMAIL_FROM",
  "UPSTASH_REDIS_REST_URL",
  "UPSTASH_REDIS_REST_TOKEN",
] as const satisfies readonly (keyof Env)[];

function isDeployment(env: Env): boolean {
  const localUrl = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)/;
  return (
    Boolean(env.VERCEL) || (env.NODE_ENV === "production" && !localUrl.test(env.BETTER_AUTH_URL))
  );
}

export function parseEnv(raw: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join(".")}: ${issue.message}`,
    );
    throw new Error(`Invalid environment: ${problems.join("; ")}`);
  }
  const env = result.data;
  if (isDeployment(env)) {
    const missing = requiredInDeployment.filter((name) => !env[name]);
    if (missing.length > 0) {
      throw new Error(`Missing production setting(s): ${missing.join(", ")}. See .env.example.`);
    }
  }
  if (!env.BETTER_AUTH_SECRET) {
    throw new Error("BETTER_AUTH_SECRET is not set. Run `npm run dev`, which generates one.");
  }
  return env;
}

let cached: Env | undefined;

/** Reads the environment once; each name is spelled out because Next inlines them per name. */
export function env(): Env {
  cached ??= parseEnv({
    NODE_ENV: process.env.NODE_ENV,
    VERCEL: process.env.VERCEL,
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
    SESSION_CHECK: process.env.SESSION_CHECK,
    BENCH_STATS_FILE: process.env.BENCH_STATS_FILE,
  });
  return cached;
}

/** Tests change the environment between cases. */
export function resetEnvForTests(): void {
  cached = undefined;
}
