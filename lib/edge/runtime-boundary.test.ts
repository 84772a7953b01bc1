import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "../..");
// Build output and the bench's copies of the tree are not the app's code.
const SKIPPED = new Set(["node_modules", ".next", ".data", ".git", "public", ".bench-builds"]);

function sourceFiles(dir = ROOT): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIPPED.has(name)) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}

function specifiers(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found = text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g);
  return [...found].map((match) => match[1] ?? "");
}

/** The repository file a specifier names, or undefined for a package. */
function localFile(from: string, specifier: string): string | undefined {
  let base: string;
  if (specifier.startsWith("@/")) base = join(ROOT, specifier.slice(2));
  else if (specifier.startsWith(".")) base = resolve(dirname(from), specifier);
  else return undefined;
  return [base, `${base}.ts`, `${base}.tsx`, join(base, "index.ts")].find(
    (path) => existsSync(path) && statSync(path).isFile(),
  );
}

const EDGE_DIR = join(ROOT, "lib/edge");
const MIDDLEWARE = join(ROOT, "middleware.ts");
/** Tests and scripts/ (tools that measure the edge) are not the app: they may import the edge. */
const isTestOrTool = (file: string) =>
  /\.test\.tsx?$/.test(file) || /^(test|scripts|e2e|bench)\//.test(relative(ROOT, file));
const isEdge = (file: string) => file === MIDDLEWARE || file.startsWith(`${EDGE_DIR}/`);

/** Packages and modules only Node can run (or that open the database). */
const NODE_ONLY_PACKAGE =
  /^(node:|server-only$|next\/headers$|kysely|@electric-sql\/|@neondatabase\/|resend$|ws$|@better-auth\/|better-auth(?!\/cookies$))/;
const NODE_ONLY_FILE = /^lib\/(db\/|auth\.ts$)/;

describe("the runtime shows in the tree", () => {
  const files = sourceFiles().filter((file) => !isTestOrTool(file));

  it("the middleware and lib/edge reach nothing of Node, however indirectly", () => {
    const reached = new Set<string>();
    const queue = files.filter(isEdge);
    const offences: string[] = [];
    while (queue.length > 0) {
      const file = queue.pop() as string;
      if (reached.has(file)) continue;
      reached.add(file);
      for (const specifier of specifiers(file)) {
        const local = localFile(file, specifier);
        const name = local ? relative(ROOT, local) : specifier;
        if (local ? NODE_ONLY_FILE.test(name) : NODE_ONLY_PACKAGE.test(name))
          offences.push(`${relative(ROOT, file)} -> ${name}`);
        if (local) queue.push(local);
      }
    }
    expect(offences).toEqual([]);
  });

  it("Node code imports nothing from lib/edge (only the middleware does)", () => {
    const offences = files
      .filter((file) => !isEdge(file))
      .flatMap((file) =>
        specifiers(file)
          .map((specifier) => localFile(file, specifier))
          .filter((local): local is string => local?.startsWith(`${EDGE_DIR}/`) === true)
          .map((local) => `${relative(ROOT, file)} -> ${relative(ROOT, local)}`),
      );
    expect(offences).toEqual([]);
  });

  it("no folder is named for the middleware any more", () => {
    expect(existsSync(join(ROOT, "lib/middleware"))).toBe(false);
  });
});
