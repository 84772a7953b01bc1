import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startRoundRobinProxy } from "@/scripts/round-robin-proxy";
import { startSharedBackends } from "@/scripts/shared-backends";
import { type AppServer, startAppServer } from "./app-server";

/** What the client tests talk to. `database`: set when the test may read the server's rows. */
export interface ClientTarget {
  baseURL: string;
  instances: string[];
  database?: { url: string; wsProxy: string };
}

declare module "vitest" {
  export interface ProvidedContext {
    clientTarget: ClientTarget;
  }
}

const PORT = Number(process.env.CLIENT_PORT ?? 3150);
const INSTANCES = 3;

/**
 * `npm run test:client`: one `next start` on the embedded PGlite. `npm run test:scale`
 * (CLIENT_SCALE=1): three instances behind a round-robin proxy, sharing one Postgres database
 * (through the Neon driver) and one Redis (through the Upstash client) and one secret.
 */
export default async function setup(project: TestProject) {
  const cleanup: (() => Promise<unknown> | unknown)[] = [];
  const teardown = async () => {
    for (const step of cleanup.reverse()) await step();
  };
  try {
    project.provide(
      "clientTarget",
      process.env.CLIENT_SCALE === "1" ? await cluster(cleanup) : await single(cleanup),
    );
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}

const secret = () => randomBytes(32).toString("base64url");

async function single(cleanup: (() => unknown)[]): Promise<ClientTarget> {
  const dir = join(tmpdir(), `todo-client-${randomBytes(4).toString("hex")}`);
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const url = `http://127.0.0.1:${PORT}`;
  const server = await startAppServer(PORT, {
    BETTER_AUTH_URL: url,
    BETTER_AUTH_SECRET: secret(),
    PGLITE_DIR: dir,
    DATABASE_URL: "",
    UPSTASH_REDIS_REST_URL: "",
    UPSTASH_REDIS_REST_TOKEN: "",
  });
  cleanup.push(server.stop);
  return { baseURL: url, instances: [url] };
}

async function cluster(cleanup: (() => unknown)[]): Promise<ClientTarget> {
  const backends = await startSharedBackends({
    label: "scale",
    adminUrl: process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
    redisUrl: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
  });
  cleanup.push(backends.close);

  // The balancer's port is fixed first: every instance's BETTER_AUTH_URL is the public address.
  const publicUrl = `http://127.0.0.1:${PORT}`;
  const env = {
    BETTER_AUTH_URL: publicUrl,
    BETTER_AUTH_SECRET: secret(),
    ...backends.env,
  };
  const servers: AppServer[] = [];
  for (let index = 1; index <= INSTANCES; index += 1) {
    const server = await startAppServer(PORT + index, env);
    cleanup.push(server.stop);
    servers.push(server);
  }
  const instances = servers.map((server) => server.url);
  const balancer = await startRoundRobinProxy(instances, PORT);
  cleanup.push(balancer.close);
  return { baseURL: balancer.url, instances, database: backends.database };
}
