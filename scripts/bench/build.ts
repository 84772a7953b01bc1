import { execSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const SOURCES = [
  "app",
  "lib",
  "components",
  "middleware.ts",
  "next.config.ts",
  "package-lock.json",
  "public",
];

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newestChange(join(path, entry))));
}

/** `next build` when there is no build, or the sources changed after it. */
export function buildIfNeeded(): void {
  const buildId = ".next/BUILD_ID";
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  if (builtAt > Math.max(...SOURCES.map(newestChange))) return;
  console.log("Building (next build)...");
  execSync("npx next build", { stdio: "inherit" });
}
