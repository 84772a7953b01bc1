import { env } from "@/lib/env";
import type { OperationName } from "./operations";

/** Served by app/api/rate-limit/actions/route.ts: each server action's id and its operation. */
export const ACTION_OPERATIONS_PATH = "/api/rate-limit/actions";

export type ActionOperations = Record<string, OperationName | null>;

/** Ids change with every build: ask again for an unknown one, but not more often than this. */
const REFRESH_AFTER_MS = 30_000;
/** The action then counts itself (lib/forms/action.ts): never hold a request up for the table. */
const LOAD_TIMEOUT_MS = 1_000;

const state = globalThis as unknown as {
  __actionOperations?: { table: ActionOperations; loadedAt: number };
};

/**
 * Only the Node runtime knows which function an action id names, so the edge asks the app once
 * (at BETTER_AUTH_URL, never the request's Host, which a client writes). Undefined when the
 * table cannot be had: the action's own wrapper then counts the attempt (lib/forms/action.ts).
 */
export async function operationOfAction(id: string): Promise<OperationName | null | undefined> {
  const known = state.__actionOperations;
  if (known && Object.hasOwn(known.table, id)) return known.table[id];
  if (known && Date.now() - known.loadedAt < REFRESH_AFTER_MS) return undefined;
  // A failed load is remembered too, so unknown ids cannot make every request ask again.
  state.__actionOperations = { table: known?.table ?? {}, loadedAt: Date.now() };
  try {
    const response = await fetch(new URL(ACTION_OPERATIONS_PATH, env().BETTER_AUTH_URL), {
      cache: "no-store",
      signal: AbortSignal.timeout(LOAD_TIMEOUT_MS),
    });
    if (!response.ok) return undefined;
    const table = (await response.json()) as ActionOperations;
    state.__actionOperations = { table, loadedAt: Date.now() };
    return Object.hasOwn(table, id) ? table[id] : undefined;
  } catch {
    return undefined;
  }
}

/** Tests hand the edge the table a build would serve. */
export function setActionOperationsForTests(table: ActionOperations | undefined): void {
  state.__actionOperations = table && { table, loadedAt: Date.now() };
}
