// IP address syntax checks and host:port splitting, pure string work (no DNS, no node:net).
// Used to validate attacker addresses pulled out of hostile log lines and INI ip= values.

const IPV4_RE = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIPv4(s: string): boolean {
  return s.length <= 15 && IPV4_RE.test(s);
}

/** RFC 4291 §2.2 text forms, including one `::` and an embedded IPv4 tail; zone ids rejected. */
export function isIPv6(s: string): boolean {
  if (s.length < 2 || s.length > 45 || !/^[0-9A-Fa-f:.]+$/.test(s)) return false;
  let head = s;
  let groupsFromV4 = 0;
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.')) {
    if (!isIPv4(s.slice(lastColon + 1))) return false;
    head = s.slice(0, lastColon + 1) + '0';
    groupsFromV4 = 1;
  }
  const parts = head.split('::');
  if (parts.length > 2) return false;
  const groups = (p: string): string[] | null => {
    if (p === '') return [];
    const g = p.split(':');
    return g.every((x) => /^[0-9A-Fa-f]{1,4}$/.test(x)) ? g : null;
  };
  const left = groups(parts[0] ?? '');
  const right = parts.length === 2 ? groups(parts[1] ?? '') : [];
  if (!left || !right) return false;
  const total = left.length + right.length + groupsFromV4;
  return parts.length === 2 ? total <= 7 : total === 8;
}

export function isIp(s: string): boolean {
  return isIPv4(s) || isIPv6(s);
}

export interface HostPort {
  host: string;
  port: number | null;
}

/** Split `1.2.3.4:22`, `[::1]:22`, or a bare address. Port null when absent or invalid. */
export function splitHostPort(value: string): HostPort {
  const v = value.trim();
  const bracket = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(v);
  if (bracket) return { host: bracket[1] ?? '', port: toPort(bracket[2]) };
  const colons = v.split(':').length - 1;
  if (colons === 1) {
    const [host = '', port] = v.split(':');
    return { host, port: toPort(port) };
  }
  return { host: v, port: null };
}

function toPort(s: string | undefined): number | null {
  if (s === undefined || !/^\d{1,5}$/.test(s)) return null;
  const n = Number(s);
  return n <= 65535 ? n : null;
}

/** `10.0.0.0/8` style IPv4 CIDR check; returns [network, prefix] or null. */
export function parseIPv4Cidr(s: string): [string, number] | null {
  const m = /^([0-9.]+)\/(\d{1,2})$/.exec(s.trim());
  if (!m || !isIPv4(m[1] ?? '')) return null;
  const prefix = Number(m[2]);
  return prefix <= 32 ? [m[1] ?? '', prefix] : null;
}

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

export function ipv4InCidr(ip: string, cidr: string): boolean {
  const c = parseIPv4Cidr(cidr);
  if (!c || !isIPv4(ip)) return false;
  const [net, prefix] = c;
  if (prefix === 0) return true;
  const size = 2 ** (32 - prefix);
  return Math.floor(ipv4ToInt(ip) / size) === Math.floor(ipv4ToInt(net) / size);
}
