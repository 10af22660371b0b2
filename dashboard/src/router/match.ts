// Route matching for the dashboard's few paths: `/attackers/:id` style patterns, exact match.

export type Params = Record<string, string>;

/** Params when `path` matches `pattern` (segments, `:name` captures one), else null. */
export function matchPath(pattern: string, path: string): Params | null {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Params = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!;
    const val = s[i]!;
    if (seg.startsWith(':')) {
      try {
        params[seg.slice(1)] = decodeURIComponent(val);
      } catch {
        return null;
      }
    } else if (seg !== val) return null;
  }
  return params;
}

/** The first route whose pattern matches, with its params. */
export function pickRoute<R extends { path: string }>(routes: readonly R[], path: string): { route: R; params: Params } | null {
  for (const route of routes) {
    const params = matchPath(route.path, path);
    if (params) return { route, params };
  }
  return null;
}

/** Section a path belongs to, for highlighting the nav ('/attackers/x' -> '/attackers'). */
export function sectionOf(path: string): string {
  const first = path.split('/').filter(Boolean)[0];
  return first ? `/${first}` : '/';
}
