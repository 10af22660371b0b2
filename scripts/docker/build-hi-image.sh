#!/usr/bin/env bash
# Builds the high-interaction ssh image (templates/high-interaction/Dockerfile) FROM the offline Debian
# base (build-base-image.sh): bundles templates/src/high-interaction/supervisor.ts with esbuild, then
# `docker build`; its apt layer (openssh-server ...) comes from deb.debian.org and is cached by docker.
# Env: HI_TAG (default decnet/high-interaction:bookworm), BASE_TAG.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TAG="${HI_TAG:-decnet/high-interaction:bookworm}"
BASE="${BASE_TAG:-decnet/node-base:bookworm}"
CTX="$ROOT/templates/high-interaction"

bash "$ROOT/scripts/docker/build-base-image.sh"
mkdir -p "$CTX/dist"
"$ROOT/node_modules/.bin/esbuild" "$ROOT/templates/src/high-interaction/supervisor.ts" --bundle --platform=node --format=esm \
  --target=node20 --log-level=warning --outfile="$CTX/dist/hi-supervisor.mjs" \
  --banner:js="import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"
# PID 1 and the session recorder (hi-init.c): static, so the host's gcc (scripts/system-packages.txt) serves any base.
gcc -static -Os -Wall -o "$CTX/dist/systemd" "$CTX/hi-init.c"
# Host networking for the build: the apt step resolves deb.debian.org with the host's resolver.
docker build -q --network host --build-arg "BASE_IMAGE=$BASE" -t "$TAG" "$CTX" >/dev/null
echo "build-hi-image: $TAG" >&2
