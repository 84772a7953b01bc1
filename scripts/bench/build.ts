import { execSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const SOURCES = [
  "app",
  "lib",
  "components",
  "middleware.ts",
  "instrumentation.ts",
  "next.config.ts",
  "package-lock.json",
  "public",
];
const FLOOR_DIR = "bench/floor-app";
const FLOOR_SOURCES = ["app", "middleware.ts", "instrumentation.ts", "next.config.ts"].map((p) =>
  join(FLOOR_DIR, p),
);

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newestChange(join(path, entry))));
}

function isBuildCurrent(dir: string, sources: string[]): boolean {
  const buildId = join(dir, ".next/BUILD_ID");
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  return builtAt > Math.max(...sources.map(newestChange));
}

/** `next build` when there is no build, or the sources changed after it. */
export function buildIfNeeded(): void {
  if (isBuildCurrent(".", SOURCES)) return;
  console.log("Building (next build)...");
  execSync("npx next build", { stdio: "inherit" });
}

/** The floor app builds with the same Next (and lockfile) as the app. */
export function buildFloorIfNeeded(): void {
  if (isBuildCurrent(FLOOR_DIR, [...FLOOR_SOURCES, "package-lock.json"])) return;
  console.log("Building the floor app (next build bench/floor-app)...");
  execSync("npx next build bench/floor-app", { stdio: "inherit" });
}
