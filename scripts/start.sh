#!/usr/bin/env bash
# `npm start`: installs what is missing, builds the dashboard and the production bundles when their
# sources changed (scripts/build.mjs; a no-op otherwise), then runs the compiled product (dist/start.mjs).
set -euo pipefail
DECNET_SKIP_SYSTEM_PACKAGES="${DECNET_SKIP_SYSTEM_PACKAGES:-1}" source "$(dirname "$0")/ensure-deps.sh"
bash "$(dirname "$0")/build-dashboard.sh"
node scripts/build.mjs --node
exec node dist/start.mjs "$@"
