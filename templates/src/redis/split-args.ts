// Port of Redis's sdssplitargs() (src/sds.c), which tokenises inline commands: blanks separate
// arguments, "..." understands \xHH and \n-style escapes, '...' only \', and a closing quote must be
// followed by a blank. Returns null where Redis reports "unbalanced quotes".

const isBlank = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0b || c === 0x0c;
const hexVal = (c: number): number =>
  c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;

/** `line` is the request line without its line ending; a NUL byte ends it, as in C. */
export function splitArgs(line: Uint8Array): Buffer[] | null {
  const nul = line.indexOf(0);
  const s = nul >= 0 ? line.subarray(0, nul) : line;
  const at = (i: number): number => (i < s.length ? (s[i] ?? 0) : 0);
  const out: Buffer[] = [];
  let p = 0;
  for (;;) {
    while (p < s.length && isBlank(at(p))) p++;
    if (p >= s.length) return out;
    const cur: number[] = [];
    let inq = false;
    let insq = false;
    let done = false;
    while (!done) {
      const c = at(p);
      if (inq) {
        if (c === 0x5c && at(p + 1) === 0x78 && hexVal(at(p + 2)) >= 0 && hexVal(at(p + 3)) >= 0) {
          cur.push(hexVal(at(p + 2)) * 16 + hexVal(at(p + 3)));
          p += 3;
        } else if (c === 0x5c && p + 1 < s.length) {
          p++;
          const e = at(p);
          cur.push(e === 0x6e ? 0x0a : e === 0x72 ? 0x0d : e === 0x74 ? 0x09 : e === 0x62 ? 0x08 : e === 0x61 ? 0x07 : e);
        } else if (c === 0x22) {
          if (p + 1 < s.length && !isBlank(at(p + 1))) return null;
          done = true;
        } else if (p >= s.length) {
          return null;
        } else {
          cur.push(c);
        }
      } else if (insq) {
        if (c === 0x5c && at(p + 1) === 0x27) {
          p++;
          cur.push(0x27);
        } else if (c === 0x27) {
          if (p + 1 < s.length && !isBlank(at(p + 1))) return null;
          done = true;
        } else if (p >= s.length) {
          return null;
        } else {
          cur.push(c);
        }
      } else if (p >= s.length || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        done = true;
      } else if (c === 0x22) {
        inq = true;
      } else if (c === 0x27) {
        insq = true;
      } else {
        cur.push(c);
      }
      if (p < s.length) p++;
    }
    out.push(Buffer.from(cur));
  }
}
