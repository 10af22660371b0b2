// DNS wire format (RFC 1035 §4.1) as dns, LLMNR (RFC 4795 §2.1) and mDNS (RFC 6762 §18) use it, and
// NBNS (RFC 1002 §4.2.1) shares: header, compressed names, questions and resource records. Bytes in,
// values out, no I/O; every count, pointer chain and length is bounded; a short packet is a WireError.

/** RFC 1035 §2.3.4: 255 octets per name, 63 per label. */
export const MAX_NAME_BYTES = 255;
export const MAX_LABEL_BYTES = 63;
/** Pointer hops followed per name (a loop ends here). */
export const MAX_POINTER_HOPS = 16;
/** Questions and answers parsed per packet; a packet claiming more is an error. */
export const MAX_RECORDS = 16;

export class WireError extends Error {}

export interface Header {
  id: number;
  flags: number;
  /** QR bit (RFC 1035 §4.1.1; R bit in NBNS): a response. */
  response: boolean;
  opcode: number;
  rcode: number;
  qdcount: number;
  ancount: number;
  nscount: number;
  arcount: number;
}

export interface Question {
  /** Labels as raw bytes (NBNS decodes its first label itself). */
  labels: Uint8Array[];
  qtype: number;
  qclass: number;
}

export interface Answer {
  labels: Uint8Array[];
  type: number;
  class: number;
  ttl: number;
  rdata: Uint8Array;
}

export interface Message {
  header: Header;
  questions: Question[];
  answers: Answer[];
}

const u16 = (b: Uint8Array, o: number): number => {
  if (o + 2 > b.length) throw new WireError('truncated');
  return (b[o]! << 8) | b[o + 1]!;
};

const u32 = (b: Uint8Array, o: number): number => u16(b, o) * 65536 + u16(b, o + 2);

export function parseHeader(b: Uint8Array): Header {
  if (b.length < 12) throw new WireError('truncated_header');
  const flags = u16(b, 2);
  return {
    id: u16(b, 0), flags, response: (flags & 0x8000) !== 0, opcode: (flags >> 11) & 0xf, rcode: flags & 0xf,
    qdcount: u16(b, 4), ancount: u16(b, 6), nscount: u16(b, 8), arcount: u16(b, 10),
  };
}

/** RFC 1035 §4.1.4: labels with compression pointers; returns the labels and the offset after the name. */
export function readName(b: Uint8Array, offset: number): { labels: Uint8Array[]; next: number } {
  const labels: Uint8Array[] = [];
  let o = offset;
  let next = -1;
  let hops = 0;
  let total = 0;
  for (;;) {
    if (o >= b.length) throw new WireError('truncated_name');
    const len = b[o]!;
    if (len === 0) {
      if (next < 0) next = o + 1;
      return { labels, next };
    }
    const kind = len & 0xc0;
    if (kind === 0xc0) {
      if (o + 2 > b.length) throw new WireError('truncated_name');
      if (++hops > MAX_POINTER_HOPS) throw new WireError('pointer_loop');
      const target = ((len & 0x3f) << 8) | b[o + 1]!;
      if (next < 0) next = o + 2;
      // Only backwards: a forward or self pointer is how loops and overreads are built.
      if (target >= o) throw new WireError('bad_pointer');
      o = target;
      continue;
    }
    if (kind !== 0) throw new WireError('bad_label_type');
    if (len > MAX_LABEL_BYTES) throw new WireError('label_too_long');
    total += len + 1;
    if (total > MAX_NAME_BYTES) throw new WireError('name_too_long');
    if (o + 1 + len > b.length) throw new WireError('truncated_name');
    labels.push(b.subarray(o + 1, o + 1 + len));
    o += 1 + len;
  }
}

/** One resource record (RFC 1035 §4.1.3) at `offset`; returns it and the offset after it. */
export function readRecord(b: Uint8Array, offset: number): { record: Answer; next: number } {
  const n = readName(b, offset);
  const rdlength = u16(b, n.next + 8);
  const start = n.next + 10;
  if (start + rdlength > b.length) throw new WireError('truncated_rdata');
  const record = { labels: n.labels, type: u16(b, n.next), class: u16(b, n.next + 2), ttl: u32(b, n.next + 4), rdata: b.subarray(start, start + rdlength) };
  return { record, next: start + rdlength };
}

export function parseMessage(b: Uint8Array): Message {
  const header = parseHeader(b);
  if (header.qdcount > MAX_RECORDS || header.ancount > MAX_RECORDS) throw new WireError('count_out_of_bounds');
  let o = 12;
  const questions: Question[] = [];
  for (let i = 0; i < header.qdcount; i++) {
    const n = readName(b, o);
    questions.push({ labels: n.labels, qtype: u16(b, n.next), qclass: u16(b, n.next + 2) });
    o = n.next + 4;
  }
  const answers: Answer[] = [];
  for (let i = 0; i < header.ancount; i++) {
    const r = readRecord(b, o);
    answers.push(r.record);
    o = r.next;
  }
  return { header, questions, answers };
}

/** A label printed for the log: printable ASCII kept, anything else as \xHH (attacker data, bounded by the wire limits). */
export function labelText(l: Uint8Array): string {
  let s = '';
  for (const c of l) s += c > 0x20 && c < 0x7f && c !== 0x5c ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, '0')}`;
  return s;
}

export function nameText(labels: readonly Uint8Array[]): string {
  return labels.map(labelText).join('.');
}

/** A record's address for A (1) and AAAA (28); undefined for other types or a wrong length. */
export function rdataAddress(type: number, rdata: Uint8Array): string | undefined {
  if (type === 1 && rdata.length === 4) return [...rdata].join('.');
  if (type === 28 && rdata.length === 16) {
    const parts: string[] = [];
    for (let i = 0; i < 16; i += 2) parts.push(((rdata[i]! << 8) | rdata[i + 1]!).toString(16));
    return parts.join(':');
  }
  return undefined;
}

/** One question (RFC 1035 §4.1.2) with uncompressed labels, as a resolver sends it. */
export function encodeQuery(id: number, flags: number, labels: readonly Uint8Array[], qtype: number, qclass: number): Uint8Array {
  const nameLen = labels.reduce((n, l) => n + 1 + l.length, 1);
  const out = new Uint8Array(12 + nameLen + 4);
  const dv = new DataView(out.buffer);
  dv.setUint16(0, id);
  dv.setUint16(2, flags);
  dv.setUint16(4, 1);
  let o = 12;
  for (const l of labels) {
    out[o++] = l.length;
    out.set(l, o);
    o += l.length;
  }
  out[o++] = 0;
  dv.setUint16(o, qtype);
  dv.setUint16(o + 2, qclass);
  return out;
}

/** At most `maxBytes` of data as hex, for `raw_packet`. */
export function boundedHex(b: Uint8Array, maxBytes = 128): string {
  return Buffer.from(b.subarray(0, maxBytes)).toString('hex');
}
