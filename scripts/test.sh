#!/usr/bin/env bash
# The one test command (`npm test`): installs what is missing, then type-checks, lints and runs every
# vitest project (Node unit/integration, the control plane inside workerd, cross-package tests).
set -euo pipefail
source "$(dirname "$0")/ensure-deps.sh"
export WRANGLER_SEND_METRICS=false VITE_CONFIG_NATIVE_IGNORE_WARNING=true
bash "$(dirname "$0")/build-dashboard.sh"
echo "== typecheck"; node_modules/.bin/tsc -p tsconfig.json --noEmit
echo "== lint"; node_modules/.bin/eslint . --max-warnings=0
echo "== tests"; node_modules/.bin/vitest run "$@"
