// MS-CSSP 2.2.1 TSRequest in DER, both ways: version [0], negoTokens [1] (SEQUENCE OF
// SEQUENCE { negoToken [0] OCTET STRING }), authInfo [2], pubKeyAuth [3], errorCode [4] (v3+),
// clientNonce [5] (v5+). A framer for the TLS stream (one TSRequest per outer SEQUENCE), bounded.
import { ByteQueue } from '../_io/byte-queue';

export interface TsRequest {
  version: number;
  negoTokens: Buffer[];
  authInfo?: Buffer;
  pubKeyAuth?: Buffer;
  errorCode?: number;
  clientNonce?: Buffer;
}

interface Tlv {
  tag: number;
  start: number;
  end: number;
}

/** One DER TLV at `at` inside [at, limit); definite lengths of at most 3 bytes only. */
function tlv(b: Buffer, at: number, limit: number): Tlv | null {
  if (at + 2 > limit) return null;
  const tag = b[at] ?? 0;
  let len = b[at + 1] ?? 0;
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 3 || start + n > limit) return null;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (b[start + i] ?? 0);
    start += n;
  }
  return start + len <= limit ? { tag, start, end: start + len } : null;
}

function children(b: Buffer, parent: Tlv, max: number): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.start; at < parent.end && out.length < max; ) {
    const t = tlv(b, at, parent.end);
    if (!t) break;
    out.push(t);
    at = t.end;
  }
  return out;
}

function readInt(b: Buffer, t: Tlv): number | undefined {
  const n = t.end - t.start;
  if (t.tag !== 0x02 || n < 1 || n > 4) return undefined;
  return b.subarray(t.start, t.end).readIntBE(0, n);
}

/** Decodes one TSRequest; null when the bytes are not one. */
export function parseTsRequest(raw: Buffer): TsRequest | null {
  const top = tlv(raw, 0, raw.length);
  if (!top || top.tag !== 0x30) return null;
  const req: TsRequest = { version: -1, negoTokens: [] };
  for (const field of children(raw, top, 8)) {
    const v = children(raw, field, 1)[0];
    if (!v) continue;
    const octets = v.tag === 0x04 ? Buffer.from(raw.subarray(v.start, v.end)) : undefined;
    if (field.tag === 0xa0) req.version = readInt(raw, v) ?? -1;
    else if (field.tag === 0xa1 && v.tag === 0x30) {
      for (const item of children(raw, v, 4)) {
        const f = children(raw, item, 1)[0];
        const tok = f && f.tag === 0xa0 ? children(raw, f, 1)[0] : undefined;
        if (tok && tok.tag === 0x04) req.negoTokens.push(Buffer.from(raw.subarray(tok.start, tok.end)));
      }
    } else if (field.tag === 0xa2 && octets) req.authInfo = octets;
    else if (field.tag === 0xa3 && octets) req.pubKeyAuth = octets;
    else if (field.tag === 0xa4) req.errorCode = readInt(raw, v);
    else if (field.tag === 0xa5 && octets) req.clientNonce = octets;
  }
  return req.version >= 0 ? req : null;
}

function der(tag: number, ...value: Buffer[]): Buffer {
  const v = Buffer.concat(value);
  const n = v.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...len]), v]);
}

/** Minimal two's-complement INTEGER; NTSTATUS values are written as the signed 32-bit value, as Windows does. */
function derInt(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n | 0);
  let i = 0;
  while (i < 3 && ((b[i] === 0 && ((b[i + 1] ?? 0) & 0x80) === 0) || (b[i] === 0xff && ((b[i + 1] ?? 0) & 0x80) !== 0))) i++;
  return der(0x02, b.subarray(i));
}

export function encodeTsRequest(r: { version: number; negoToken?: Buffer; errorCode?: number; pubKeyAuth?: Buffer }): Buffer {
  const parts = [der(0xa0, derInt(r.version))];
  if (r.negoToken) parts.push(der(0xa1, der(0x30, der(0x30, der(0xa0, der(0x04, r.negoToken))))));
  if (r.pubKeyAuth) parts.push(der(0xa3, der(0x04, r.pubKeyAuth)));
  if (r.errorCode !== undefined) parts.push(der(0xa4, derInt(r.errorCode)));
  return der(0x30, ...parts);
}

export type TsFrame = { kind: 'frame'; bytes: Buffer } | { kind: 'bad'; head: Buffer } | { kind: 'oversized'; bytes: number };

/** Splits the TLS stream into outer DER SEQUENCEs, each at most maxBytes. */
export class TsRequestReader {
  private readonly q = new ByteQueue();
  private failed = false;

  constructor(private readonly maxBytes: number) {}

  push(chunk: Uint8Array): void {
    if (!this.failed) this.q.push(chunk);
  }

  next(): TsFrame | undefined {
    if (this.failed || this.q.length < 2) return undefined;
    if (this.q.at(0) !== 0x30) return this.fail({ kind: 'bad', head: this.q.copy(0, 16) });
    let len = this.q.at(1);
    let header = 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      if (n === 0 || n > 3) return this.fail({ kind: 'bad', head: this.q.copy(0, 16) });
      if (this.q.length < 2 + n) return undefined;
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + this.q.at(2 + i);
      header += n;
    }
    if (header + len > this.maxBytes) return this.fail({ kind: 'oversized', bytes: header + len });
    if (this.q.length < header + len) return undefined;
    return { kind: 'frame', bytes: this.q.take(header + len) };
  }

  private fail(f: TsFrame): TsFrame {
    this.failed = true;
    this.q.clear();
    return f;
  }
}
