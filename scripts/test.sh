#!/usr/bin/env bash
# `npm test`: installs what is missing, starts the local stack if it is not up, then lint, typecheck, unit and
# integration tests. Works on a fresh clone with nothing installed by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

source scripts/lib/ensure-installed.sh
echo "== node $(node --version)"

echo "== local stack"
bash scripts/stack/stack.sh up

echo "== lint"
npx eslint .
npx prettier --check . >/dev/null || { npx prettier --check .; exit 1; }

echo "== typecheck"
npx tsc -b

mkdir -p .build
status=0
echo "== unit tests"
npx jest --selectProjects unit --json --outputFile=.build/jest-unit.json || status=1
echo "== integration tests"
npx jest --selectProjects integration --runInBand --json --outputFile=.build/jest-integration.json || status=1

node scripts/test-summary.mjs .build/jest-unit.json .build/jest-integration.json
echo "== npm test took $(( $(date +%s) - started )) s"
exit $status
