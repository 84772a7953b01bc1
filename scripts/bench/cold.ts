import { cookieHeader, type Device } from "./devices";
import { type ColdStart, coldStart, type ServerOptions } from "./server";

export const COLD_APP_PAGE = "signed-in GET /todos";
export const COLD_APP_API = "GET /api/todos (bearer JWT)";
export const COLD_FLOOR_PAGE = "floor: GET /items";
export const COLD_FLOOR_JSON = "floor: GET /api/items";

export interface ColdResult {
  name: string;
  runsMs: number[];
  rssBytes: number[];
}

/**
 * Fresh processes, one at a time (PGlite allows one per data directory), each timed from spawn to
 * its first answer; the app's and the floor's runs alternate so they meet the same machine.
 */
export async function measureColdStarts(
  app: ServerOptions & { secret: string },
  floorPort: number,
  devices: { page: Device; bearer: Device },
  runs: number,
): Promise<ColdResult[]> {
  const results = new Map<string, ColdStart[]>();
  const record = (name: string, start: ColdStart) =>
    results.set(name, [...(results.get(name) ?? []), start]);
  const pageHeaders = { cookie: cookieHeader(devices.page), "x-real-ip": devices.page.ip };
  const apiHeaders = {
    authorization: `Bearer ${devices.bearer.bearer}`,
    "x-real-ip": devices.bearer.ip,
  };
  for (let run = 0; run < runs; run += 1) {
    record(COLD_FLOOR_PAGE, await coldStart({ floorPort }, "/items", {}));
    record(COLD_APP_PAGE, await coldStart({ app }, "/todos", pageHeaders));
    record(COLD_FLOOR_JSON, await coldStart({ floorPort }, "/api/items", {}));
    record(COLD_APP_API, await coldStart({ app }, "/api/todos", apiHeaders));
  }
  return [...results].map(([name, starts]) => ({
    name,
    runsMs: starts.map((s) => s.ms),
    rssBytes: starts.map((s) => s.rssBytes),
  }));
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
