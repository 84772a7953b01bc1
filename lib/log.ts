/**
 * What of an error may be logged: its name, message, code, stack and cause. Database drivers attach
 * the failing row (`detail`) and the query's parameters (`params`), which hold session tokens and
 * password hashes; those never reach the logs.
 */
export function loggable(value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const safe = new Error(value.message);
  safe.name = value.name;
  safe.stack = value.stack;
  const { code, cause } = value as { code?: unknown; cause?: unknown };
  if (typeof code === "string" || typeof code === "number") Object.assign(safe, { code });
  if (cause !== undefined) safe.cause = loggable(cause);
  return safe;
}

type Level = "debug" | "info" | "warn" | "error";

/** Better Auth's logger, with every error argument made loggable first. */
export function logAuthEvent(level: Level, message: string, ...args: unknown[]): void {
  const write = level === "error" ? console.error : level === "warn" ? console.warn : console.log;
  write(`[Better Auth] ${level}: ${message}`, ...args.map(loggable));
}
