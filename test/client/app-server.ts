import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

const nextBin = join(process.cwd(), "node_modules/next/dist/bin/next");

export interface AppServer {
  url: string;
  stop: () => Promise<void>;
}

/** `next start` of the built app on loopback, in embedded mode (outbox, no real email). */
export async function startAppServer(
  port: number,
  env: Record<string, string>,
): Promise<AppServer> {
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      EMBEDDED_MODE: "1",
      RESEND_API_KEY: "",
      PWNED_PASSWORDS_URL: "off",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  await waitUntilHealthy(url, child, () => log);
  return { url, stop: () => stop(child) };
}

async function waitUntilHealthy(url: string, child: ChildProcess, log: () => string) {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`next start exited:\n${log()}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  child.kill("SIGKILL");
  throw new Error(`next start did not become healthy:\n${log()}`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
  });
}
