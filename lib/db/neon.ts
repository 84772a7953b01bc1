import { neonConfig, Pool, type PoolClient } from "@neondatabase/serverless";
import ws from "ws";

/**
 * Neon's serverless Pool. With `wsProxy` (host:port of scripts/neon-ws-proxy.ts) the same
 * driver talks to a plain Postgres, so tests run the production driver on a real server.
 */
export function createNeonPool(connectionString: string, wsProxy?: string): Pool {
  // Node 20 has no global WebSocket.
  neonConfig.webSocketConstructor ??= ws;
  if (wsProxy) {
    neonConfig.wsProxy = (host, port) => `${wsProxy}/v1?address=${host}:${port}`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineTLS = false;
    // The pipelined startup fails against SCRAM authentication.
    neonConfig.pipelineConnect = false;
  }
  const pool = new Pool({ connectionString, max: 10 });
  // An idle connection the server closed (restart, failover) must not crash the process.
  pool.on("error", (error: Error) =>
    console.error("Idle database connection closed:", error.message),
  );
  // Nor one lost while checked out: its query already failed with this error and is answered
  // there (503); without a listener the 'error' event would be an uncaught exception.
  pool.on("connect", (client: PoolClient) => client.on("error", () => {}));
  return pool;
}
