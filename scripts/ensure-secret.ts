/**
 * Runs before `next dev|build|start` (`tsx scripts/ensure-secret.ts <command>`). On a laptop it
 * generates BETTER_AUTH_SECRET once into .env.local (git-ignored), because the edge middleware
 * reads only process.env, never files. Where a deployment is detected it never writes one, and
 * before `start` it refuses a deployment that lacks a production setting, naming it.
 */
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import nextEnv from "@next/env";
import { isDeploymentEnv, parseEnv } from "../lib/env";

const command = process.argv[2];
if (command !== "dev" && command !== "build" && command !== "start") {
  throw new Error("usage: tsx scripts/ensure-secret.ts dev|build|start");
}
// The .env files Next will load, so the mode is decided on what the server will see.
// A CommonJS module: its named exports are not visible to an ES import.
nextEnv.loadEnvConfig(process.cwd(), command === "dev", { info: () => {}, error: console.error });
// Next forces NODE_ENV for its commands, whatever the shell says.
const raw: Record<string, string | undefined> = {
  ...process.env,
  NODE_ENV: command === "dev" ? "development" : "production",
};

if (isDeploymentEnv(raw)) {
  // `next build` needs no secret; `next start` needs every production setting.
  if (command === "start") refuseIncompleteDeployment();
} else if (!raw.BETTER_AUTH_SECRET) {
  writeLaptopSecret(".env.local");
}

function refuseIncompleteDeployment(): void {
  try {
    parseEnv(raw);
  } catch (error) {
    console.error(`Refusing to start: ${(error as Error).message}`);
    process.exit(1);
  }
}

function writeLaptopSecret(file: string): void {
  const existing = existsSync(file) ? readFileSync(file, "utf8") : "";
  const separator = existing && !existing.endsWith("\n") ? "\n" : "";
  const secret = randomBytes(32).toString("base64url");
  appendFileSync(
    file,
    `${separator}# Generated for local development; never commit.\nBETTER_AUTH_SECRET=${secret}\n`,
    { mode: 0o600 },
  );
  console.log(`Generated BETTER_AUTH_SECRET into ${file}`);
}
