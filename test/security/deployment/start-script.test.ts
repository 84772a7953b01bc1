import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PRODUCTION, REPO, runTsx } from "./spawn-env";

const SCRIPT = join(REPO, "scripts/ensure-secret.ts");
let dir: string;

// A fresh directory per case stands in for the checkout: the script writes .env.local into its cwd.
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "todo-ensure-secret-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(command: "dev" | "build" | "start", env: Record<string, string>) {
  return runTsx(SCRIPT, [command], env, dir);
}

const envLocal = () => join(dir, ".env.local");

describe("npm's pre-scripts never generate the laptop secret where a deployment is detected", () => {
  it.each([
    ["VERCEL=1", { VERCEL: "1" }],
    ["a public BETTER_AUTH_URL", { BETTER_AUTH_URL: "https://todos.example.com" }],
    ["no BETTER_AUTH_URL (a server behind a proxy)", {}],
    [
      "a localhost BETTER_AUTH_URL (a server behind a proxy)",
      { BETTER_AUTH_URL: "http://localhost:3000" },
    ],
  ])(
    "prestart with %s refuses, naming the missing settings, and writes no .env.local",
    (_, env) => {
      const outcome = run("start", env);
      expect(outcome.status, outcome.output).not.toBe(0);
      expect(outcome.output).toMatch(/BETTER_AUTH_SECRET/);
      expect(outcome.output).toMatch(/DATABASE_URL/);
      expect(existsSync(envLocal())).toBe(false);
    },
  );

  it("prebuild on Vercel needs no secret and writes none", () => {
    const outcome = run("build", { VERCEL: "1" });
    expect(outcome.status, outcome.output).toBe(0);
    expect(existsSync(envLocal())).toBe(false);
  });

  it("prestart of a complete deployment passes and writes nothing", () => {
    const outcome = run("start", PRODUCTION);
    expect(outcome.status, outcome.output).toBe(0);
    expect(existsSync(envLocal())).toBe(false);
  });

  it("predev on a fresh clone (zero configuration) generates the secret once", () => {
    expect(run("dev", {}).status).toBe(0);
    const first = readFileSync(envLocal(), "utf8");
    expect(first).toMatch(/^BETTER_AUTH_SECRET=\S{32,}$/m);
    expect(run("dev", {}).status).toBe(0);
    expect(readFileSync(envLocal(), "utf8")).toBe(first);
  });

  it("prestart with EMBEDDED_MODE=1 (set in the shell or in .env.local) is the laptop", () => {
    expect(run("start", { EMBEDDED_MODE: "1" }).status).toBe(0);
    expect(readFileSync(envLocal(), "utf8")).toMatch(/^BETTER_AUTH_SECRET=\S{32,}$/m);
    rmSync(envLocal());
    writeFileSync(envLocal(), "EMBEDDED_MODE=1\n");
    expect(run("start", {}).status).toBe(0);
    expect(readFileSync(envLocal(), "utf8")).toMatch(/^BETTER_AUTH_SECRET=\S{32,}$/m);
  });
});
