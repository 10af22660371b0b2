#!/usr/bin/env bash
# The one test command (`npm test`): installs what is missing, then type-checks, lints and runs every
# vitest project (Node unit/integration, the control plane inside workerd, cross-package tests).
set -euo pipefail
source "$(dirname "$0")/ensure-deps.sh"
export WRANGLER_SEND_METRICS=false VITE_CONFIG_NATIVE_IGNORE_WARNING=true
bash "$(dirname "$0")/build-dashboard.sh"
echo "== typecheck"; node_modules/.bin/tsc -p tsconfig.json --noEmit
echo "== lint"; node_modules/.bin/eslint . --max-warnings=0
# The production bundles (tests of the compiled agent and the docker image use them), built once here.
echo "== build"; node scripts/build.mjs --node --quiet
echo "== tests"; node_modules/.bin/vitest run "$@"
