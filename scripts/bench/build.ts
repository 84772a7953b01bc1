import { execSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { applyPatch, VARIANTS, type VariantName } from "./variants";

/** What `next build` reads: also what a bench variant copies. */
const SOURCES = [
  "app",
  "lib",
  "components",
  "migrations",
  "public",
  "middleware.ts",
  "instrumentation.ts",
  "next.config.ts",
  "package.json",
  "postcss.config.mjs",
  "tsconfig.json",
];
const VARIANT_SOURCES = [...SOURCES, "package-lock.json", "scripts/bench/variants"];
const FLOOR_DIR = "bench/floor-app";
const FLOOR_SOURCES = ["app", "middleware.ts", "instrumentation.ts", "next.config.ts"].map((p) =>
  join(FLOOR_DIR, p),
);
/** Git-ignored, and hidden from tsc, Vitest and Tailwind's scan (they skip dot directories). */
const VARIANTS_DIR = ".bench-builds";

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
  if (isBuildCurrent(".", [...SOURCES, "package-lock.json"])) return;
  console.log("Building (next build)...");
  execSync("npx next build", { stdio: "inherit" });
}

/** The floor app builds with the same Next (and lockfile) as the app. */
export function buildFloorIfNeeded(): void {
  if (isBuildCurrent(FLOOR_DIR, [...FLOOR_SOURCES, "package-lock.json"])) return;
  console.log("Building the floor app (next build bench/floor-app)...");
  execSync("npx next build bench/floor-app", { stdio: "inherit" });
}

export function variantDir(name: VariantName): string {
  return join(VARIANTS_DIR, name);
}

/**
 * One of the bench's own builds (scripts/bench/variants): the sources copied without their tests,
 * overlaid and patched, then `next build` there. It resolves node_modules from this repository;
 * run from here, Tailwind scans these same sources.
 */
export function buildVariantIfNeeded(name: VariantName): string {
  const dir = variantDir(name);
  if (isBuildCurrent(dir, VARIANT_SOURCES)) return dir;
  console.log(`Building the bench's ${name} variant (next build ${dir})...`);
  rmSync(dir, { recursive: true, force: true });
  for (const source of SOURCES) {
    cpSync(source, join(dir, source), {
      recursive: true,
      filter: (path) => !/\.test\.tsx?$/.test(path),
    });
  }
  const { overlays, patches } = VARIANTS[name];
  for (const [target, from] of Object.entries(overlays)) {
    mkdirSync(dirname(join(dir, target)), { recursive: true });
    cpSync(from, join(dir, target));
  }
  for (const patch of patches) {
    const file = join(dir, patch.file);
    writeFileSync(file, applyPatch(readFileSync(file, "utf8"), patch));
  }
  execSync(`npx next build ${dir}`, { stdio: "inherit" });
  return dir;
}
