#!/usr/bin/env bash
# THE test command (`npm test`; CI runs it through .ci/run): install what is missing, build the pinned tools,
# lint, typecheck, then run every Jest project. Extra arguments go to Jest, e.g.
#   npm test -- --selectProjects unit
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# npm writes node_modules/.package-lock.json on every install; a lockfile newer than it means a stale install.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "test.sh: node_modules is missing or older than package-lock.json: running npm ci"
  npm ci --no-audit --no-fund
fi

bash scripts/tools.sh

if [[ -f eslint.config.mjs ]]; then
  echo "test.sh: eslint"
  npx eslint --max-warnings 0 apps libs
fi

echo "test.sh: tsc"
npx tsc -p tsconfig.json --noEmit

echo "test.sh: jest"
npx jest --ci --maxWorkers=2 "$@"
