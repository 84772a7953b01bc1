import { spawnSync } from "node:child_process";
import { join } from "node:path";

export const REPO = join(import.meta.dirname, "../../..");
const TSX = join(REPO, "node_modules/.bin/tsx");

/** What a start path printed and how it exited, run with `env` alone (nothing from this process). */
export interface Outcome {
  status: number | null;
  output: string;
}

export function runTsx(script: string, args: string[], env: Record<string, string>, cwd = REPO) {
  const childEnv: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...env,
  };
  const result = spawnSync(TSX, [script, ...args], {
    cwd,
    env: childEnv as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` } satisfies Outcome;
}

export const SECRET = "deployment-secret-that-is-at-least-32-characters";

/** Every production setting a deployment needs, with values that reach nothing. */
export const PRODUCTION: Record<string, string> = {
  BETTER_AUTH_URL: "https://todos.example.com",
  BETTER_AUTH_SECRET: SECRET,
  DATABASE_URL: "postgres://app@db.example.com/todos",
  RESEND_API_KEY: "re_test_key",
  EMAIL_FROM: "Todos <todos@example.com>",
  UPSTASH_REDIS_REST_URL: "https://redis.example.com",
  UPSTASH_REDIS_REST_TOKEN: "token",
  CLIENT_IP_HEADER: "cf-connecting-ip",
};
