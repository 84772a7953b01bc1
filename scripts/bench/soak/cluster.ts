import { randomBytes } from "node:crypto";
import { startRoundRobinProxy } from "../../round-robin-proxy";
import { type SharedBackends, startSharedBackends } from "../../shared-backends";
import { type RunningServer, startServer } from "../server";

export interface SoakCluster {
  url: string;
  backends: SharedBackends;
  servers: RunningServer[];
  /** Database statements answered by all instances so far. */
  statements(): Promise<number>;
  redisCommands(): number;
  stop(): Promise<void>;
}

/**
 * The scaled run's cluster (test/client/global-setup.ts), on the bench's counted build: instances
 * sharing one secret, one Postgres database through the Neon driver and one Redis through the
 * Upstash client, behind the round-robin balancer. Ports: the balancer on `port`, the instances
 * on the next ones, then the Neon proxy and the Upstash stand-in.
 */
export async function startSoakCluster(port: number, instances: number): Promise<SoakCluster> {
  const backends = await startSharedBackends({
    label: "soak",
    adminUrl: process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
    redisUrl: process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379",
    wsProxyPort: port + instances + 1,
    restPort: port + instances + 2,
  });
  const servers: RunningServer[] = [];
  const stop = async () => {
    for (const server of servers) await server.stop();
    await backends.close();
  };
  try {
    const publicUrl = `http://127.0.0.1:${port}`;
    const secret = randomBytes(32).toString("base64url");
    const { UPSTASH_REDIS_REST_URL, UPSTASH_REDIS_REST_TOKEN, RATE_LIMIT_PREFIX } = backends.env;
    const redis = { UPSTASH_REDIS_REST_URL, UPSTASH_REDIS_REST_TOKEN, RATE_LIMIT_PREFIX };
    for (let index = 1; index <= instances; index += 1) {
      servers.push(
        await startServer({
          port: port + index,
          database: backends.database,
          build: "counted",
          secret,
          cluster: { publicUrl, redis },
        }),
      );
    }
    const balancer = await startRoundRobinProxy(
      servers.map((server) => server.url),
      port,
    );
    return {
      url: balancer.url,
      backends,
      servers,
      statements: async () =>
        (await Promise.all(servers.map((server) => server.queries()))).reduce((a, b) => a + b, 0),
      redisCommands: () => backends.rest.commands(),
      stop: async () => {
        await balancer.close();
        await stop();
      },
    };
  } catch (error) {
    for (const server of servers) console.error(server.output());
    await stop();
    throw error;
  }
}
