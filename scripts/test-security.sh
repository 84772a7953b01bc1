#!/usr/bin/env bash
# The security suite: attack, fault, load and fuzz tests under Vitest (test/security/), then the
# browser-level attacks under Playwright (e2e/security/) against the production build.
set -uo pipefail
cd "$(dirname "$0")/.."
report_dir=${SECURITY_REPORT_DIR:-.ci-out}
status=0

npx vitest run --config vitest.security.config.ts --reporter=default --reporter=json \
  --outputFile.json="$report_dir/vitest-security.json" || status=1

if [ ! -f .next/BUILD_ID ]; then npx next build || exit 1; fi
E2E_REPORT="$report_dir/e2e-security.json" npx playwright test --project security || status=1
exit $status
