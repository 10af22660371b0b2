// Infrastructure named in attacker commands: download URLs and the hosts behind them, and raw
// `host port` / `/dev/tcp/host/port` call-backs (C2 addresses). Pure text matching; nothing is resolved.
const URL_RE = /\b(?:https?|ftp|tftp):\/\/([A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:]{2,39}\])(?::(\d{1,5}))?(\/[^\s'"`;|&<>)]{0,200})?/g;
const DEV_TCP_RE = /\/dev\/(?:tcp|udp)\/([A-Za-z0-9.-]{1,253})\/(\d{1,5})/g;
const NC_RE = /\b(?:nc|ncat|netcat|socat|telnet)\b[^;|&]*?\s((?:\d{1,3}\.){3}\d{1,3})[\s:]+(\d{1,5})\b/g;
const CMD_MAX = 2048;

/** Hosts that are never evidence: loopback, documentation placeholders attackers copy, the decky itself. */
const IGNORED_HOSTS = new Set(['localhost', '127.0.0.1', '0.0.0.0', 'example.com']);

/** Infrastructure keys named in one command line: `host:<name>` per host contacted, `url:<host/path>`
 * per download URL (lowercased host, no query string), `c2:<host>:<port>` per raw call-back. */
export function infraOf(command: string): string[] {
  const cmd = command.slice(0, CMD_MAX);
  const out = new Set<string>();
  for (const m of cmd.matchAll(URL_RE)) {
    const host = m[1]!.toLowerCase();
    if (IGNORED_HOSTS.has(host)) continue;
    out.add(`host:${host}`);
    const path = (m[3] ?? '/').split('?')[0]!;
    out.add(`url:${host}${m[2] ? `:${m[2]}` : ''}${path}`);
  }
  for (const re of [DEV_TCP_RE, NC_RE]) {
    for (const m of cmd.matchAll(re)) {
      const host = m[1]!.toLowerCase();
      if (!IGNORED_HOSTS.has(host)) out.add(`host:${host}`), out.add(`c2:${host}:${m[2]}`);
    }
  }
  return [...out];
}

/** Normalises a command for set comparison: whitespace collapsed, bounded. */
export function normalizeCommand(command: string): string {
  return command.slice(0, 512).trim().replace(/\s+/g, ' ');
}
