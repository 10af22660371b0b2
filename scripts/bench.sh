#!/usr/bin/env bash
# `npm run bench`: installs what is missing, then runs the benchmarks and prints a table.
set -euo pipefail
source "$(dirname "$0")/ensure-deps.sh"
exec node_modules/.bin/tsx test/bench/index.ts "$@"
