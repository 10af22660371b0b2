#!/usr/bin/env bash
# `npm run bench`: installs what is missing, then runs the benchmarks and prints a table.
set -euo pipefail
source "$(dirname "$0")/ensure-deps.sh"
# The bench measures the compiled bundles users run (rebuilt only when sources changed).
node scripts/build.mjs --node --quiet
exec node_modules/.bin/tsx test/bench/index.ts "$@"
