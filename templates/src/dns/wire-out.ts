// Encodes a dns response (RFC 1035 §4.1) with name compression (§4.1.4, against the question at
// offset 12 as BIND does), and fits it into a size bound: additional then authority records are
// dropped first (RFC 2181 §9), and only when the answer itself does not fit is TC set with the question alone.
import { RCODE, T, type Rdata, type ResponseMessage, type Rr } from './records';

class Writer {
  buf = Buffer.alloc(512);
  len = 0;
  private readonly names = new Map<string, number>();

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  u8(v: number): void {
    this.room(1);
    this.buf[this.len++] = v & 0xff;
  }

  u16(v: number): void {
    this.room(2);
    this.buf.writeUInt16BE(v & 0xffff, this.len);
    this.len += 2;
  }

  u32(v: number): void {
    this.room(4);
    this.buf.writeUInt32BE(v >>> 0, this.len);
    this.len += 4;
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /** A name from raw labels, compressed against names written before (keys are lower case). */
  labels(labels: readonly Uint8Array[]): void {
    for (let i = 0; i < labels.length; i++) {
      const key = labels.slice(i).map((l) => Buffer.from(l).toString('latin1').toLowerCase()).join('.');
      const at = this.names.get(key);
      if (at !== undefined) return this.u16(0xc000 | at);
      if (this.len < 0x3fff) this.names.set(key, this.len);
      this.u8(labels[i]!.length);
      this.bytes(labels[i]!);
    }
    this.u8(0);
  }

  name(name: string): void {
    this.labels(name === '' ? [] : name.split('.').map((l) => Buffer.from(l, 'latin1')));
  }
}

function ipv6(ip: string): Buffer {
  const [head = '', tail] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t];
  const out = Buffer.alloc(16);
  groups.slice(0, 8).forEach((g, i) => out.writeUInt16BE(parseInt(g, 16) & 0xffff || 0, i * 2));
  return out;
}

function rdata(w: Writer, d: Rdata): void {
  const lenAt = w.len;
  w.u16(0);
  switch (d.kind) {
    case 'a':
      for (const o of d.ip.split('.')) w.u8(Number(o));
      break;
    case 'aaaa':
      w.bytes(ipv6(d.ip));
      break;
    case 'name':
      w.name(d.name);
      break;
    case 'mx':
      w.u16(d.pref);
      w.name(d.host);
      break;
    case 'txt':
      for (const s of d.strings) {
        const b = Buffer.from(s, 'latin1').subarray(0, 255);
        w.u8(b.length);
        w.bytes(b);
      }
      break;
    case 'soa':
      w.name(d.mname);
      w.name(d.rname);
      for (const v of [d.serial, d.refresh, d.retry, d.expire, d.minimum]) w.u32(v);
      break;
  }
  w.buf.writeUInt16BE(w.len - lenAt - 2, lenAt);
}

function record(w: Writer, rr: Rr, q: ResponseMessage['question']): void {
  // The owner equal to the question is written as the question's (pointer to offset 12).
  if (q && rr.name === q.labels.map((l) => Buffer.from(l).toString('latin1').toLowerCase()).join('.')) w.labels(q.labels);
  else w.name(rr.name);
  w.u16(rr.type);
  w.u16(rr.class ?? 1);
  w.u32(rr.ttl);
  rdata(w, rr.data);
}

function encodeSections(m: ResponseMessage, answer: Rr[], authority: Rr[], additional: Rr[], tc: boolean): Buffer {
  const w = new Writer();
  w.u16(m.id);
  const rcode = m.rcode & 0xf;
  w.u16(0x8000 | ((m.opcode & 0xf) << 11) | (m.aa ? 0x400 : 0) | (tc ? 0x200 : 0) | (m.rd ? 0x100 : 0) | (m.ra ? 0x80 : 0) | (m.cd ? 0x10 : 0) | rcode);
  w.u16(m.question ? 1 : 0);
  w.u16(answer.length);
  w.u16(authority.length);
  w.u16(additional.length + (m.edns ? 1 : 0));
  if (m.question) {
    w.labels(m.question.labels);
    w.u16(m.question.qtype);
    w.u16(m.question.qclass);
  }
  for (const rr of answer) record(w, rr, m.question);
  for (const rr of authority) record(w, rr, m.question);
  for (const rr of additional) record(w, rr, m.question);
  if (m.edns) {
    // RFC 6891 §6.1.2: root owner, CLASS = payload size, TTL = ext-rcode | version 0 | DO.
    w.u8(0);
    w.u16(T.OPT);
    w.u16(m.edns.udpSize);
    w.u8(m.rcode >> 4);
    w.u8(0);
    w.u16(m.edns.do ? 0x8000 : 0);
    w.u16(m.edns.options.reduce((n, o) => n + 4 + o.data.length, 0));
    for (const o of m.edns.options) {
      w.u16(o.code);
      w.u16(o.data.length);
      w.bytes(o.data);
    }
  }
  return w.buf.subarray(0, w.len);
}

export interface Encoded {
  bytes: Buffer;
  /** The answer did not fit: TC set, question only. */
  truncated: boolean;
  /** Authority or additional records left out to fit. */
  trimmed: boolean;
  /** Size the whole response would have had. */
  fullBytes: number;
}

export function encodeResponse(m: ResponseMessage, maxBytes = 65535): Encoded {
  const full = encodeSections(m, m.answer, m.authority, m.additional, false);
  if (full.length <= maxBytes) return { bytes: full, truncated: false, trimmed: false, fullBytes: full.length };
  const noAdd = encodeSections(m, m.answer, m.authority, [], false);
  if (noAdd.length <= maxBytes) return { bytes: noAdd, truncated: false, trimmed: true, fullBytes: full.length };
  // A negative answer's SOA is what lets the client cache it; it stays unless nothing else fits.
  const negative = m.answer.length === 0 && (m.rcode === RCODE.NXDOMAIN || m.authority.some((r) => r.type === T.SOA));
  if (!negative) {
    const noAuth = encodeSections(m, m.answer, [], [], false);
    if (noAuth.length <= maxBytes) return { bytes: noAuth, truncated: false, trimmed: true, fullBytes: full.length };
  }
  return { bytes: encodeSections(m, [], [], [], true), truncated: true, trimmed: true, fullBytes: full.length };
}
