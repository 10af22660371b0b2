// Shared by wget and curl: URL parsing (by hand, attacker URLs are data) and the network fate of a
// download. Nothing is ever fetched: names fail to resolve (as on a host whose DNS is unreachable)
// and literal addresses refuse the connection, which both fail instantly on a real machine too.

export interface ParsedUrl {
  scheme: string;
  host: string;
  port: number;
  path: string;
  /** Normalized URL as the tool prints it. */
  href: string;
}

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, ftp: 21 };
const MAX_URL_CHARS = 2048;

export function parseUrl(raw: string): ParsedUrl | { error: 'scheme'; scheme: string } | null {
  const text = raw.slice(0, MAX_URL_CHARS);
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/s.exec(text);
  const scheme = (m?.[1] ?? 'http').toLowerCase();
  const rest = m ? (m[2] ?? '') : text;
  if (!(scheme in DEFAULT_PORTS)) return { error: 'scheme', scheme };
  const slash = rest.search(/[/?#]/);
  let authority = slash < 0 ? rest : rest.slice(0, slash);
  const path = slash < 0 ? '/' : rest.slice(slash);
  const at = authority.lastIndexOf('@');
  if (at >= 0) authority = authority.slice(at + 1);
  let host = authority;
  let port = DEFAULT_PORTS[scheme] ?? 80;
  const portMatch = /^(.*):(\d{1,5})$/.exec(authority);
  if (portMatch && !authority.endsWith(']')) {
    host = portMatch[1] ?? '';
    port = Number.parseInt(portMatch[2] ?? '0', 10);
  }
  if (host === '') return null;
  const showPort = port !== DEFAULT_PORTS[scheme] ? `:${port}` : '';
  return { scheme, host: host.toLowerCase(), port, path, href: `${scheme}://${host.toLowerCase()}${showPort}${path}` };
}

export function isIpLiteral(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || (host.startsWith('[') && host.endsWith(']'));
}

/** Local names resolve (and then refuse); anything else fails in the resolver. */
export function localAddress(host: string, hostname: string): string | null {
  if (host === 'localhost' || host === 'localhost.localdomain') return '127.0.0.1';
  if (host === hostname.toLowerCase()) return '127.0.1.1';
  return null;
}

/** The file name wget/curl -O would save to. */
export function remoteName(url: ParsedUrl): string {
  const clean = url.path.split(/[?#]/)[0] ?? '/';
  const name = clean.slice(clean.lastIndexOf('/') + 1);
  return name === '' ? 'index.html' : name;
}
