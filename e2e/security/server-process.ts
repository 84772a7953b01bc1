import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A `next start` of our own, on a fresh embedded database, whose every printed byte we keep. */
export interface CapturedServer {
  baseURL: string;
  output: () => string;
  stop: () => Promise<void>;
}

export async function startCapturedServer(port: number): Promise<CapturedServer> {
  const baseURL = `http://localhost:${port}`;
  const dataDir = join(tmpdir(), `todo-logs-${randomBytes(4).toString("hex")}`);
  const chunks: string[] = [];
  const child: ChildProcess = spawn(
    "node_modules/.bin/next",
    ["start", "-p", String(port), "-H", "127.0.0.1"],
    {
      env: {
        ...process.env,
        EMBEDDED_MODE: "1",
        BETTER_AUTH_URL: baseURL,
        BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"),
        PGLITE_DIR: dataDir,
        DATABASE_URL: "",
        RESEND_API_KEY: "",
      },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    },
  );
  child.stdout?.on("data", (chunk: Buffer) => chunks.push(chunk.toString("utf8")));
  child.stderr?.on("data", (chunk: Buffer) => chunks.push(chunk.toString("utf8")));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited:\n${chunks.join("")}`);
    try {
      if ((await fetch(`${baseURL}/api/health`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`next start did not come up:\n${chunks.join("")}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }

  return {
    baseURL,
    output: () => chunks.join(""),
    stop: async () => {
      // Its own process group: `next start` and the server it forks.
      if (child.pid && child.exitCode === null) process.kill(-child.pid, "SIGTERM");
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
