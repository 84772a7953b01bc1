import { writeFileSync } from "node:fs";
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from "kysely";
import type { DB } from "@/lib/db/create";

/** Counts statements the database answered: each one is a round trip (Neon) or a turn (PGlite). */
class QueryCounter implements KyselyPlugin {
  count = 0;

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.count += 1;
    return args.result;
  }
}

/**
 * Copied to lib/db/query-counter.ts in the bench's own builds only: on SIGUSR2 it writes the total
 * to BENCH_STATS_FILE (scripts/bench/server.ts reads it there).
 */
export function withQueryCounter(database: DB): DB {
  const statsFile = process.env.BENCH_STATS_FILE;
  if (!statsFile)
    throw new Error("BENCH_STATS_FILE is not set: start this build with npm run bench");
  const counter = new QueryCounter();
  process.on("SIGUSR2", () => {
    writeFileSync(statsFile, JSON.stringify({ queries: counter.count }));
  });
  return database.withPlugin(counter);
}
