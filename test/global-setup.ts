import type { TestProject } from "vitest/node";
import { startNeonWsProxy } from "../scripts/neon-ws-proxy";

declare module "vitest" {
  export interface ProvidedContext {
    neonWsProxy: string | undefined;
  }
}

/** With TEST_DATABASE_URL set, every test database goes through the Neon driver and this proxy. */
export default async function setup(project: TestProject) {
  if (!process.env.TEST_DATABASE_URL) {
    project.provide("neonWsProxy", undefined);
    return;
  }
  const proxy = await startNeonWsProxy();
  project.provide("neonWsProxy", `127.0.0.1:${proxy.port}`);
  return () => proxy.close();
}
