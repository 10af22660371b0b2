#!/usr/bin/env bash
# Builds the local base image decnet/node-base:bookworm without an image registry: a Debian minbase
# rootfs from debootstrap plus this host's Node binary, imported with `docker import`. Cached: does
# nothing when the image exists (FORCE=1 rebuilds). Env: BASE_TAG, DEBIAN_MIRROR, NODE_BIN.
set -euo pipefail
TAG="${BASE_TAG:-decnet/node-base:bookworm}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
NODE_BIN="${NODE_BIN:-$(command -v node)}"

if [ "${FORCE:-}" != "1" ] && docker image inspect "$TAG" >/dev/null 2>&1; then exit 0; fi
[ "$(id -u)" -eq 0 ] || { echo "build-base-image: debootstrap needs root" >&2; exit 1; }
if ! command -v debootstrap >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends debootstrap >/dev/null 2>&1 || {
    apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
  }
fi

WORK="$(mktemp -d /var/tmp/decnet-base.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
ROOTFS="$WORK/rootfs"
echo "build-base-image: debootstrap bookworm (minbase) from $MIRROR" >&2
debootstrap --variant=minbase bookworm "$ROOTFS" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 || {
  tail -20 "$WORK/debootstrap.log" >&2; exit 1
}

# Node: a single binary linked only against glibc/libstdc++, which minbase has; check before trusting it.
install -m 0755 "$NODE_BIN" "$ROOTFS/usr/local/bin/node"
if chroot "$ROOTFS" /usr/local/bin/node -e 'process.exit(0)' 2>"$WORK/node.err"; then :; else
  echo "build-base-image: $NODE_BIN does not run inside the rootfs:" >&2; cat "$WORK/node.err" >&2
  chroot "$ROOTFS" ldd /usr/local/bin/node >&2 || true
  exit 1
fi

# Slim the image: package caches, docs, man pages and locales are not needed by the runner.
rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/* \
  "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/info/* "$ROOTFS"/usr/share/locale/*

tar -C "$ROOTFS" -c . | docker import \
  -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  -c 'CMD ["/bin/bash"]' \
  -m "debootstrap bookworm minbase + node $("$NODE_BIN" --version)" - "$TAG" >/dev/null
echo "build-base-image: built $TAG" >&2
