// Sums every suite .ci/run ran into one line, "N passed, M failed", and exits non-zero on failure.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const [dir = ".ci-out", failedStepsArg = "0"] = process.argv.slice(2);
const failedSteps = Number(failedStepsArg);
let passed = 0;
let failed = 0;

const read = (name) => {
  const file = join(dir, name);
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined;
};

// Lint, typecheck and the benchmark smoke test count as one check each.
for (const check of ["lint.ok", "typecheck.ok", "bench.ok"]) {
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
}

// A failed step that produced no report (install, build) still fails the run.
if (failedSteps > 0 && failed === 0) failed = failedSteps;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || failedSteps > 0 ? 1 : 0);
