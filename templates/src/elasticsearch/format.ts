// Elasticsearch's output formats: XContent pretty JSON (`"key" : value`, `{ }`, trailing newline),
// compact JSON, `_cat` text tables (columns padded, numbers right-aligned, `?v` header, `?format=json`)
// and ByteSizeValue strings ("225b", "4.2mb").
export function esJson(v: unknown, pretty: boolean): Buffer {
  if (!pretty) return Buffer.from(JSON.stringify(v));
  const text = JSON.stringify(v, null, 2).replace(/^(\s*"(?:[^"\\]|\\.)*"): /gm, '$1 : ').replace(/\{\}/g, '{ }').replace(/\[\]/g, '[ ]');
  return Buffer.from(`${text}\n`);
}

export function byteSize(n: number): string {
  const units = ['b', 'kb', 'mb', 'gb', 'tb'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n}b` : `${(Math.round(v * 10) / 10).toString()}${units[u]}`;
}

const NUMERIC = /^-?[\d.]+(b|kb|mb|gb|tb|%|ms|s)?$/;

/** A `_cat` table: text (aligned, optional header) or, with format=json, an array of objects. */
export function catTable(headers: string[], rows: string[][], query: URLSearchParams): { body: Buffer; json: boolean } {
  const format = query.get('format');
  if (format === 'json') {
    const pretty = query.has('pretty') && query.get('pretty') !== 'false';
    return { body: esJson(rows.map((r) => Object.fromEntries(headers.map((h, i) => [h, r[i] ?? '']))), pretty), json: true };
  }
  const verbose = query.has('v') && query.get('v') !== 'false';
  const all = verbose ? [headers, ...rows] : rows;
  const widths = headers.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const lines = all.map((r, ri) => r.map((c, i) => {
    const w = widths[i] ?? 0;
    const right = !(verbose && ri === 0) && NUMERIC.test(c);
    return right ? c.padStart(w) : c.padEnd(w);
  }).join(' ').replace(/\s+$/, ''));
  return { body: Buffer.from(lines.map((l) => `${l}\n`).join('')), json: false };
}
