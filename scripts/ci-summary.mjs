// Sums every suite .ci/run ran into one line, "N passed, M failed", and exits non-zero on failure.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const [dir = ".ci-out", failedStepsArg = "0"] = process.argv.slice(2);
const failedSteps = Number(failedStepsArg);
let passed = 0;
let failed = 0;
/** Each failure by name, printed above the last line so the tail of a CI log says what failed. */
const failures = [];
const firstLine = (text) =>
  String(text ?? "")
    .split("\n")
    .find((line) => line.trim()) ?? "";

const read = (name) => {
  const file = join(dir, name);
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined;
};

// Lint, typecheck and the benchmark and soak smoke tests count as one check each.
for (const check of ["lint.ok", "typecheck.ok", "bench.ok", "soak.ok"]) {
  if (existsSync(join(dir, check))) passed += 1;
  else failed += 1;
}

for (const suite of [
  "vitest-embedded.json",
  "vitest-services.json",
  "vitest-security.json",
  "vitest-client.json",
  "vitest-scale.json",
]) {
  const report = read(suite);
  if (!report) {
    failed += 1;
    continue;
  }
  passed += report.numPassedTests;
  failed += report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
  for (const file of report.testResults ?? []) {
    const where = file.name.replace(`${process.cwd()}/`, "");
    if (file.status === "failed" && !file.assertionResults?.some((t) => t.status === "failed"))
      failures.push(`${suite}: ${where}: ${firstLine(file.message)}`);
    for (const test of file.assertionResults ?? []) {
      if (test.status === "failed")
        failures.push(
          `${suite}: ${where} > ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`,
        );
    }
  }
  if (report.numTotalTests === 0) failed += 1;
}

for (const suite of ["e2e.json", "e2e-security.json"]) {
  const e2e = read(suite);
  if (!e2e) {
    failed += 1;
    continue;
  }
  passed += e2e.stats.expected + e2e.stats.flaky;
  failed += e2e.stats.unexpected;
  if (e2e.errors?.length) failed += e2e.errors.length;
  for (const error of e2e.errors ?? []) failures.push(`${suite}: ${firstLine(error.message)}`);
  const visit = (node) => {
    for (const spec of node.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status !== "unexpected") continue;
        const error = test.results?.at(-1)?.error?.message;
        failures.push(`${suite}: ${spec.file}:${spec.line} > ${spec.title}: ${firstLine(error)}`);
      }
    }
    for (const child of node.suites ?? []) visit(child);
  };
  for (const root of e2e.suites ?? []) visit(root);
}

// A failed step that produced no report (install, build) still fails the run.
if (failedSteps > 0 && failed === 0) failed = failedSteps;
// Vitest's messages carry terminal colours; the summary is plain text.
const COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");
for (const failure of failures) console.log(`FAILED ${failure.replace(COLOUR, "").slice(0, 400)}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || failedSteps > 0 ? 1 : 0);
