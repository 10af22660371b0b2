// Site and host filters in a query string (issue 19): parse the valid ones, replace them.
export interface Scope {
  site?: string;
  host?: string;
}

const SITE_RE = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The valid `site` / `host` of a query string (invalid values are ignored, never sent). */
export function scopeOf(search: string): Scope {
  const p = new URLSearchParams(search);
  const site = p.get('site') ?? '';
  const host = p.get('host') ?? '';
  return { ...(SITE_RE.test(site) && { site }), ...(UUID_RE.test(host) && { host }) };
}

/** The query string with the scope replaced (other parameters kept, `offset` reset). */
export function withScope(search: string, s: Scope): string {
  const p = new URLSearchParams(search);
  p.delete('offset');
  for (const k of ['site', 'host'] as const) {
    if (s[k]) p.set(k, s[k]!);
    else p.delete(k);
  }
  const str = p.toString();
  return str ? `?${str}` : '';
}

