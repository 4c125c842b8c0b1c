#!/usr/bin/env bash
# Tandem's main job on this machine: installs what it needs (npm packages, a current nats-server built from
# the Go module proxy into a cache), then runs the lab (apps/lab). Set TANDEM_DATABASE_URL / TANDEM_NATS_URL
# to use servers of your own; TANDEM_LAB_FAULT=fail shows a compensated saga.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash scripts/tools.sh >/dev/null
exec node -r ./scripts/register.cjs apps/lab/src/main.ts "$@"
