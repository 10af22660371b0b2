// /dev/urandom and /dev/random contents: fast xorshift bytes (latin1), bounded by the caller.

export function pseudoRandomBytes(seed: number, length: number): string {
  let x = (seed ^ 0x9e3779b9) >>> 0 || 1;
  const out: string[] = [];
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out.push(String.fromCharCode((x >>> 0) & 0xff));
  }
  return out.join('');
}
