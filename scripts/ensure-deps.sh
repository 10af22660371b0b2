#!/usr/bin/env bash
# Installs what the project needs on a fresh clone: npm dependencies from the lockfile (when
# node_modules is missing or older than the lockfile) and, on Debian/Ubuntu as root, the system
# packages listed in scripts/system-packages.txt and in each service folder's test-packages.txt
# (the real clients its tests drive). Sourced by test.sh, start.sh and bench.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

ensure_system_packages() {
  local wanted=() missing=()
  mapfile -t wanted < <(cat "$ROOT/scripts/system-packages.txt" "$ROOT"/templates/src/*/test-packages.txt 2>/dev/null | grep -v '^\s*#' | awk 'NF{print $1}' | sort -u)
  [ "${#wanted[@]}" -eq 0 ] && return 0
  command -v dpkg-query >/dev/null 2>&1 || { echo "ensure-deps: not a Debian system; install by hand: ${wanted[*]}" >&2; return 0; }
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "ensure-deps: missing system packages (need root to install): ${missing[*]}" >&2
    return 0
  fi
  echo "ensure-deps: installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Packages are installed for their binaries (sshd for tests, say), never as running services: a
  # daemon on a well-known port would take it from the deckies. policy-rc.d forbids starting them.
  local own_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && own_policy=1
  fi
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if [ -n "$own_policy" ]; then rm -f /usr/sbin/policy-rc.d; fi
}

ensure_npm() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "ensure-deps: installing npm dependencies (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

if [ "${DECNET_SKIP_SYSTEM_PACKAGES:-}" != "1" ]; then ensure_system_packages; fi
ensure_npm
