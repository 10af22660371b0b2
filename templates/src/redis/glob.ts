// Port of Redis's stringmatchlen() (src/util.c): the glob used by KEYS, SCAN MATCH and CONFIG GET:
// `*`, `?`, `[abc]`, `[^a-z]` and `\x` escapes, byte-wise. Iterative, so hostile patterns stay linear-ish.

export function globMatch(pattern: Uint8Array, text: Uint8Array, nocase = false): boolean {
  const low = (c: number): number => (nocase && c >= 0x41 && c <= 0x5a ? c + 32 : c);
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    if (p < pattern.length) {
      const c = pattern[p] ?? 0;
      if (c === 0x2a) {
        while (pattern[p + 1] === 0x2a) p++;
        starP = p++;
        starT = t;
        continue;
      }
      const m = matchOne(pattern, p, text[t] ?? 0, low);
      if (m >= 0) {
        p = m;
        t++;
        continue;
      }
    }
    if (starP < 0) return false;
    p = starP + 1;
    t = ++starT;
  }
  while (pattern[p] === 0x2a) p++;
  return p >= pattern.length;
}

/** Matches one text byte at pattern[p]; returns the next pattern index or -1. */
function matchOne(pat: Uint8Array, p: number, ch: number, low: (c: number) => number): number {
  const c = pat[p] ?? 0;
  if (c === 0x3f) return p + 1;
  if (c === 0x5c && p + 1 < pat.length) return low(pat[p + 1] ?? 0) === low(ch) ? p + 2 : -1;
  if (c !== 0x5b) return low(c) === low(ch) ? p + 1 : -1;
  let i = p + 1;
  const not = pat[i] === 0x5e;
  if (not) i++;
  let matched = false;
  while (i < pat.length && pat[i] !== 0x5d) {
    if (pat[i] === 0x5c && i + 1 < pat.length) {
      if (low(pat[i + 1] ?? 0) === low(ch)) matched = true;
      i += 2;
    } else if (pat[i + 1] === 0x2d && i + 2 < pat.length && pat[i + 2] !== 0x5d) {
      let a = low(pat[i] ?? 0);
      let b = low(pat[i + 2] ?? 0);
      if (a > b) [a, b] = [b, a];
      if (low(ch) >= a && low(ch) <= b) matched = true;
      i += 3;
    } else {
      if (low(pat[i] ?? 0) === low(ch)) matched = true;
      i++;
    }
  }
  if (not) matched = !matched;
  return matched ? Math.min(i + 1, pat.length) : -1;
}
