#!/usr/bin/env bash
# `npm start`: installs what is missing, builds the dashboard and the production bundles when their
# sources changed (scripts/build.mjs; a no-op otherwise), then runs the compiled product (dist/start.mjs).
set -euo pipefail
DECNET_SKIP_SYSTEM_PACKAGES="${DECNET_SKIP_SYSTEM_PACKAGES:-1}" source "$(dirname "$0")/ensure-deps.sh"
bash "$(dirname "$0")/build-dashboard.sh"
node scripts/build.mjs --node
# glibc gives each busy thread its own malloc arena (the ingest writer, the WAL checkpointer, the
# broker, V8's helpers), which keep freed memory resident: two arenas took ~45 MB off the product's
# RSS after an ingest of 200,000 events, and ingest was no slower (set it to override).
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
# glibc serves allocations from 128 KiB up with mmap at first, then raises that threshold to the size
# of each such block freed (up to 32 MiB), after which request bodies, TLS and worker-message buffers
# come from the heap and their freed pages stay resident. A fixed threshold gives them back on free:
# the memory bench read 258, 273 and 285 MB after its load instead of 285-320 (six runs), and 225-245
# before it instead of 252-280, for 3-14 % more CPU per ingested event (three interleaved pairs of
# control-plane runs). npm start is the one-box product, where deckies share the machine: memory
# first. The standalone control plane keeps glibc's default. Set MALLOC_MMAP_THRESHOLD_ to choose
# otherwise (33554432, the ceiling glibc's default climbs to, keeps freed blocks in the heap).
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-131072}"
exec node dist/start.mjs "$@"
