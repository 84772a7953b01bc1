import type { DB } from "@/lib/db";
import type { ProcessStateName } from "@/lib/process-state";

// The key lib/process-state.ts uses: tests reach the state without production exporting anything.
const KEY = Symbol.for("todo.process-state");

function entries(): Map<ProcessStateName, unknown> {
  const holder = globalThis as unknown as Record<
    symbol,
    Map<ProcessStateName, unknown> | undefined
  >;
  holder[KEY] ??= new Map();
  return holder[KEY];
}

/** Installs `value` as the process's `name`; undefined forgets it, so it is made anew on next use. */
export function setProcessState(name: ProcessStateName, value: unknown): void {
  if (value === undefined) entries().delete(name);
  else entries().set(name, value);
}

/** Re-read the environment on next use (after a test changed process.env). */
export function forgetEnv(): void {
  setProcessState("env", undefined);
}

/** Runs the app on `database`, or (undefined) on the one the environment names. */
export function installDatabase(database: DB | undefined): void {
  setProcessState("db", database);
}

/** Rebuild Better Auth on next use (after swapping the database or the environment). */
export function forgetAuth(): void {
  setProcessState("auth", undefined);
}

/** Forget the access JWTs the middleware verified (its cache lives as long as the process). */
export function forgetVerifiedAccessTokens(): void {
  (entries().get("verified-access-tokens") as Map<string, unknown> | undefined)?.clear();
  (entries().get("verified-bearer-tokens") as Map<string, unknown> | undefined)?.clear();
}

/** Waits for every background task (lib/background.ts) started so far. */
export async function settleBackgroundTasks(): Promise<void> {
  const pending = entries().get("background-tasks") as Set<Promise<void>> | undefined;
  while (pending && pending.size > 0) await Promise.all([...pending]);
}
