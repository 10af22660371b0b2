#!/usr/bin/env bash
# Makes a Docker engine available for the docker runtime's tests and bench: installs docker.io when
# dockerd is missing (Debian, as root), starts dockerd in the background when its socket is dead, waits.
# Idempotent. Env: DOCKERD_LOG (default /var/log/decnet-dockerd.log), DOCKER_WAIT_S (default 30),
# DOCKERD_ARGS (default --iptables=false: deckies use macvlan, no NAT, and dockerd then leaves the
# host's FORWARD policy and br_netfilter alone, which other tests' hand-made bridges rely on).
set -euo pipefail
SOCK=/var/run/docker.sock
LOG="${DOCKERD_LOG:-/var/log/decnet-dockerd.log}"
WAIT_S="${DOCKER_WAIT_S:-30}"

alive() { [ -S "$SOCK" ] && docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

if alive; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then echo "ensure-dockerd: dockerd is not running and we are not root" >&2; exit 1; fi

if ! command -v dockerd >/dev/null 2>&1; then
  command -v apt-get >/dev/null 2>&1 || { echo "ensure-dockerd: no dockerd and no apt-get" >&2; exit 1; }
  echo "ensure-dockerd: installing docker.io" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends docker.io >/dev/null 2>&1 || {
    apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends docker.io >/dev/null
  }
fi

if ! pgrep -x dockerd >/dev/null 2>&1; then
  echo "ensure-dockerd: starting dockerd (log: $LOG)" >&2
  # setsid: the daemon must outlive this script and the test process that ran it.
  # shellcheck disable=SC2086 # DOCKERD_ARGS is a list of flags
  setsid dockerd ${DOCKERD_ARGS:---iptables=false} >>"$LOG" 2>&1 < /dev/null &
fi
for _ in $(seq 1 $((WAIT_S * 10))); do
  if alive; then exit 0; fi
  sleep 0.1
done
echo "ensure-dockerd: dockerd did not answer within ${WAIT_S}s; see $LOG" >&2
exit 1
