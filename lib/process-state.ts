/** What one server process keeps once: the names test/process-state.ts may replace or forget. */
export type ProcessStateName =
  | "env"
  | "db"
  | "limiter"
  | "auth"
  | "feed-bus"
  | "open-feeds"
  | "verified-access-tokens"
  | "verified-bearer-tokens"
  | "background-tasks";

// Next may load a route bundle's own copy of a module, so per-process state lives on globalThis.
const KEY = Symbol.for("todo.process-state");

function entries(): Map<ProcessStateName, unknown> {
  const holder = globalThis as unknown as Record<
    symbol,
    Map<ProcessStateName, unknown> | undefined
  >;
  holder[KEY] ??= new Map();
  return holder[KEY];
}

/** The process's one `name`, made by `create` the first time any copy of a module asks for it. */
export function processSingleton<T>(name: ProcessStateName, create: () => T): T {
  const state = entries();
  if (!state.has(name)) state.set(name, create());
  return state.get(name) as T;
}
