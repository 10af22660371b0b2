#!/usr/bin/env bash
# `npm start`: installs what is missing, then runs the product on its embedded default.
set -euo pipefail
DECNET_SKIP_SYSTEM_PACKAGES="${DECNET_SKIP_SYSTEM_PACKAGES:-1}" source "$(dirname "$0")/ensure-deps.sh"
bash "$(dirname "$0")/build-dashboard.sh"
exec node_modules/.bin/tsx scripts/start.ts "$@"
