#!/usr/bin/env bash
# DECNET-TS host agent installer: what the control plane's one-line install command runs on a
# fresh Debian/Ubuntu host, as root. Installs Node.js >= 20 when missing, creates the `decnet`
# user and its directories, installs the agent, enrolls it, and installs and starts a systemd
# unit (Restart=on-failure). Without systemd it says so and prints how to run the agent by hand.
# Idempotent: run it again to upgrade the agent; an enrolled host stays enrolled.
#
#   curl -fsSL URL/agent/v1/install.sh | sudo bash -s -- --url URL --token TOKEN [--ca-sha256 HEX] [--name NAME]
#
# Options for tests and unusual hosts:
#   --prefix DIR   install under DIR (DIR/etc/decnet, DIR/var/lib/decnet, DIR/opt/decnet-agent,
#                  DIR/etc/systemd/system); nothing outside DIR but the user is touched
#   --user NAME    service user (default decnet)
#   --no-start     install and enroll, but do not enable/start the unit
# Where the agent comes from: DECNET_AGENT_SRC (a checkout or a built bundle), else the bundle or
# checkout this script sits in, else the bundle the control plane serves at
# URL/agent/v1/agent-bundle.tar.gz (built with host-agent/scripts/bundle.mjs --tar).
# The agent never depends on the directory it is started from: the unit sets WorkingDirectory and the
# printed command changes to the data directory (a caller's home may be closed to the service user).
set -euo pipefail

URL="" TOKEN="" CA_SHA256="" NAME="" PREFIX="" SVC_USER="decnet" START=1
NODE_MIN_MAJOR=20

die() { echo "install.sh: $*" >&2; exit 1; }
say() { echo "==> $*"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --url) URL="${2:-}"; shift 2 ;;
    --token) TOKEN="${2:-}"; shift 2 ;;
    --ca-sha256) CA_SHA256="${2:-}"; shift 2 ;;
    --name) NAME="${2:-}"; shift 2 ;;
    --prefix) PREFIX="${2:-}"; shift 2 ;;
    --user) SVC_USER="${2:-}"; shift 2 ;;
    --no-start) START=0; shift ;;
    -h|--help) sed -n '2,21p' "$0" 2>/dev/null || true; exit 0 ;;
    *) die "unknown option: $1" ;;
  esac
done
[ -n "$URL" ] || die "--url is required"
[ -n "$TOKEN" ] || die "--token is required"
[ "$(id -u)" -eq 0 ] || die "run me as root (sudo)"
if [ -n "$PREFIX" ]; then PREFIX="$(mkdir -p "$PREFIX" && cd "$PREFIX" && pwd)"; fi

ETC_DIR="$PREFIX/etc/decnet"
DATA_DIR="$PREFIX/var/lib/decnet"
OPT_DIR="$PREFIX/opt/decnet-agent"
UNIT_DIR="$PREFIX/etc/systemd/system"
CONFIG="$ETC_DIR/agent.json"

# --- Node.js ----------------------------------------------------------------------------------
node_major() { command -v node >/dev/null 2>&1 && node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

install_node() {
  command -v apt-get >/dev/null 2>&1 || die "Node.js >= $NODE_MIN_MAJOR is required and this is not a Debian/Ubuntu host: install it, then re-run"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  local candidate
  candidate="$(apt-cache policy nodejs 2>/dev/null | awk '/Candidate:/ {print $2}' | sed -E 's/^[0-9]+://; s/\..*//')"
  if [ -z "$candidate" ] || [ "$candidate" = "(none)" ] || [ "$candidate" -lt "$NODE_MIN_MAJOR" ] 2>/dev/null; then
    say "the distribution's nodejs (${candidate:-none}) is older than $NODE_MIN_MAJOR: adding the NodeSource repository (Node.js 22)"
    apt-get install -y -qq --no-install-recommends ca-certificates curl gnupg >/dev/null
    install -d -m 0755 /etc/apt/keyrings
    curl -fsSL https://deb.nodesource.com/gpgkey/nodesource-repo.gpg.key | gpg --dearmor --yes -o /etc/apt/keyrings/nodesource.gpg
    echo "deb [signed-by=/etc/apt/keyrings/nodesource.gpg] https://deb.nodesource.com/node_22.x nodistro main" >/etc/apt/sources.list.d/nodesource.list
    apt-get update -qq
  fi
  apt-get install -y -qq --no-install-recommends nodejs >/dev/null
}

if [ "$(node_major)" -lt "$NODE_MIN_MAJOR" ]; then
  say "installing Node.js >= $NODE_MIN_MAJOR"
  install_node
  [ "$(node_major)" -ge "$NODE_MIN_MAJOR" ] || die "Node.js >= $NODE_MIN_MAJOR could not be installed"
fi
# The stack personality's NFQUEUE relay is compiled by the agent on first use (gcc, libnetfilter-queue).
if command -v apt-get >/dev/null 2>&1 && ! dpkg -s libnetfilter-queue-dev gcc libc6-dev iptables >/dev/null 2>&1; then
  say "installing the stack personality's build dependencies (gcc, libnetfilter-queue-dev, iptables)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gcc libc6-dev libnetfilter-queue-dev iptables >/dev/null \
    || say "warning: could not install them; deckies will answer OS probes with the host's own TCP/IP stack"
fi
NODE_BIN="$(command -v node)"
say "Node.js $("$NODE_BIN" --version) at $NODE_BIN"

# --- user and directories ---------------------------------------------------------------------
if ! id -u "$SVC_USER" >/dev/null 2>&1; then
  say "creating system user $SVC_USER"
  useradd --system --user-group --home-dir /var/lib/decnet --no-create-home --shell /usr/sbin/nologin "$SVC_USER"
fi
install -d -m 0750 -o root -g "$SVC_USER" "$ETC_DIR"
install -d -m 0750 -o "$SVC_USER" -g "$SVC_USER" "$DATA_DIR"

# --- the agent itself -------------------------------------------------------------------------
# A built bundle (bundle.mjs --out; this script sits in it) is copied as is; a checkout is compiled
# into one (scripts/build.mjs, skipped when up to date); else the control plane's bundle is downloaded.
is_bundle() { [ -f "$1/package.json" ] && grep -q '"name": "decnet-agent-bundle"' "$1/package.json"; }
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")" 2>/dev/null && pwd || true)"
SRC="${DECNET_AGENT_SRC:-}"
if [ -z "$SRC" ] && [ -n "$SCRIPT_DIR" ] && is_bundle "$SCRIPT_DIR/.."; then
  SRC="$(cd "$SCRIPT_DIR/.." && pwd)"
elif [ -z "$SRC" ] && [ -n "$SCRIPT_DIR" ] && [ -f "$SCRIPT_DIR/scripts/bundle.mjs" ] && [ -d "$SCRIPT_DIR/../node_modules" ]; then
  SRC="$(cd "$SCRIPT_DIR/.." && pwd)"
fi
STAGE="$OPT_DIR.new"
rm -rf "$STAGE"
if [ -n "$SRC" ] && is_bundle "$SRC"; then
  say "installing the agent bundle $SRC"
  mkdir -p "$STAGE"
  cp -a "$SRC/." "$STAGE/"
elif [ -n "$SRC" ]; then
  say "installing the agent from the checkout $SRC"
  (cd "$SRC" && "$NODE_BIN" host-agent/scripts/bundle.mjs --out "$STAGE" >/dev/null)
else
  # Piped from curl: fetch the bundle the control plane serves (build: bundle.mjs --tar).
  say "downloading the agent bundle from $URL"
  command -v curl >/dev/null 2>&1 || die "curl is required to download the agent"
  mkdir -p "$STAGE"
  curl -fsSL "$URL/agent/v1/agent-bundle.tar.gz" | tar -xz -C "$STAGE" \
    || die "the control plane at $URL does not serve the agent bundle yet (agent/v1/agent-bundle.tar.gz); run this script from a DECNET-TS checkout instead"
fi
[ -f "$STAGE/host-agent/bin/decnet-agent.mjs" ] && [ -f "$STAGE/dist/decnet-agent.mjs" ] || die "the agent bundle is incomplete"
rm -rf "$OPT_DIR.old"
[ -d "$OPT_DIR" ] && mv "$OPT_DIR" "$OPT_DIR.old"
mv "$STAGE" "$OPT_DIR"
rm -rf "$OPT_DIR.old"
chown -R root:root "$OPT_DIR"
chmod -R go-w "$OPT_DIR"
AGENT=("$NODE_BIN" "$OPT_DIR/host-agent/bin/decnet-agent.mjs")

# --- configuration and enrollment -------------------------------------------------------------
if [ ! -f "$CONFIG" ]; then
  say "writing $CONFIG"
  # JSON via node so any path is quoted correctly.
  "$NODE_BIN" -e 'const [p, d, g] = process.argv.slice(1); require("fs").writeFileSync(p, JSON.stringify({ version: 1, dataDir: d, bus: { socketGroup: g } }, null, 2) + "\n", { mode: 0o600 })' \
    "$CONFIG" "$DATA_DIR" "$SVC_USER"
fi
ENROLL=(enroll --config "$CONFIG" --url "$URL" --token "$TOKEN")
[ -n "$CA_SHA256" ] && ENROLL+=(--ca-sha256 "$CA_SHA256")
[ -n "$NAME" ] && ENROLL+=(--name "$NAME")
say "enrolling with the control plane at $URL"
"${AGENT[@]}" "${ENROLL[@]}"
chown -R "$SVC_USER:$SVC_USER" "$DATA_DIR"
chown "$SVC_USER:$SVC_USER" "$CONFIG"
chmod 0600 "$CONFIG"

# --- service ----------------------------------------------------------------------------------
# --supervise: a small parent runs the agent from $DATA_DIR/releases/current (self-update, automatic rollback).
RUN_CMD="$NODE_BIN $OPT_DIR/host-agent/bin/decnet-agent.mjs run --config $CONFIG --supervise"
install -d -m 0755 "$UNIT_DIR"
cat >"$UNIT_DIR/decnet-agent.service" <<UNIT
[Unit]
Description=DECNET-TS host agent (local bus, event uplink, deckies)
Documentation=https://github.com/decnet-ts
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
User=$SVC_USER
Group=$SVC_USER
ExecStart=$RUN_CMD
WorkingDirectory=$DATA_DIR
Restart=on-failure
RestartSec=2s
# SIGTERM stops it cleanly; a SIGKILL loses nothing either (events are spooled on disk first).
KillSignal=SIGTERM
TimeoutStopSec=20s
UMask=0007
NoNewPrivileges=true
ProtectSystem=full
ReadWritePaths=$DATA_DIR

[Install]
WantedBy=multi-user.target
UNIT
say "wrote $UNIT_DIR/decnet-agent.service"

if [ -d /run/systemd/system ] && [ -z "$PREFIX" ] && command -v systemctl >/dev/null 2>&1; then
  systemctl daemon-reload
  if [ "$START" -eq 1 ]; then
    systemctl enable decnet-agent.service >/dev/null
    systemctl restart decnet-agent.service
    say "decnet-agent is running (systemctl status decnet-agent; journalctl -u decnet-agent)"
  else
    say "unit installed, not started (--no-start): systemctl enable --now decnet-agent"
  fi
else
  reason="systemd is not running on this host (no /run/systemd/system)"
  if [ -d /run/systemd/system ]; then reason="installed under --prefix $PREFIX, so the unit was not registered with systemd"; fi
  cat <<EOF
==> $reason: the agent is installed and enrolled but NOT started.
    Run it by hand (it stays in the foreground; use your supervisor of choice to keep it up):

      cd $DATA_DIR && runuser -u $SVC_USER -- $RUN_CMD

    Check it with: ${AGENT[*]} status --config $CONFIG
EOF
fi
