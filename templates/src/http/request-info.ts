// Turns a parsed request head into what routing and logging need: path/query from any target form
// (RFC 9112 §3.2), a validated Host, a bounded JSON header dump and the `request` event fields.
import type { RequestHead } from './parser';

export interface Target {
  path: string;
  query: string;
}

const MAX_PATH = 2048;

export function splitTarget(target: string): Target {
  let t = target;
  if (/^https?:\/\//i.test(t)) {
    // absolute-form: the path of the URL (proxies use this form).
    const rest = t.replace(/^https?:\/\/[^/?#]*/i, '');
    t = rest || '/';
  }
  const q = t.indexOf('?');
  const rawPath = q >= 0 ? t.slice(0, q) : t;
  let path = rawPath;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    /* keep the raw form */
  }
  return { path: path.slice(0, MAX_PATH), query: q >= 0 ? t.slice(q + 1, q + 1 + MAX_PATH) : '' };
}

const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})?(?:\.[A-Za-z0-9-]{1,63})*\.?|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/** The Host header's name part; undefined when absent, null when invalid (Apache strict: 400). */
export function hostOf(head: RequestHead): string | undefined | null {
  const v = head.headers.find(([n]) => n.toLowerCase() === 'host')?.[1];
  if (v === undefined || (v === '' && head.version !== '1.1')) return undefined;
  if (v.length > 255 || !HOST.test(v)) return null;
  return v.startsWith('[') ? v.slice(0, v.indexOf(']') + 1) : v.replace(/:\d+$/, '');
}

/** Headers as a JSON object (DECNET's json.dumps(dict(headers))), kept valid and under budget. */
export function headersJson(headers: Array<[string, string]>, budget = 3500): { json: string; truncated: boolean } {
  const out: Record<string, string> = {};
  let size = 2;
  for (const [k, v] of headers) {
    const value = v.slice(0, 512);
    const add = JSON.stringify(k).length + JSON.stringify(value).length + 2;
    if (size + add > budget) return { json: JSON.stringify(out), truncated: true };
    out[k] = k in out ? `${out[k]}, ${value}` : value;
    size += add;
  }
  return { json: JSON.stringify(out), truncated: false };
}

export function header(head: RequestHead, name: string): string | undefined {
  const n = name.toLowerCase();
  return head.headers.find(([k]) => k.toLowerCase() === n)?.[1];
}
