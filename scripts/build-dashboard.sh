#!/usr/bin/env bash
# Builds the dashboard into dashboard/dist when its sources are newer than the build (or no build
# exists). The control plane serves that folder (Node) or uploads it as Workers assets.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
[ -f dashboard/vite.config.ts ] || { mkdir -p dashboard/dist; exit 0; }
stamp=dashboard/dist/index.html
if [ ! -f "$stamp" ] || [ -n "$(find dashboard/src dashboard/index.html dashboard/vite.config.ts dashboard/package.json -newer "$stamp" -print -quit 2>/dev/null)" ]; then
  echo "build-dashboard: building dashboard/dist"
  node_modules/.bin/vite build dashboard --logLevel warn
fi
