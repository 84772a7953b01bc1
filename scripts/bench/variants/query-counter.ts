import { writeFileSync } from "node:fs";
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from "kysely";
import type { DB } from "./create";

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

/** Bench mode only: `npm run bench` signals SIGUSR2 and reads the total from `statsFile`. */
export function withQueryCounter(database: DB, statsFile: string): DB {
  const counter = new QueryCounter();
  process.on("SIGUSR2", () => {
    writeFileSync(statsFile, JSON.stringify({ queries: counter.count }));
  });
  return database.withPlugin(counter);
}
