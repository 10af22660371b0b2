// MQTT 3.1 / 3.1.1 / 5.0 control packets (OASIS MQTT v3.1.1 §2-3, MQTT v5.0 §2-3): the fixed header
// with its Remaining Length varint (at most 4 bytes, §2.2.3), CONNECT, PUBLISH, SUBSCRIBE and
// UNSUBSCRIBE bodies (v5 properties skipped by length). Pure, bounded, copes with input split anywhere.
import { ByteQueue } from '../_io/byte-queue';

export const TYPE = { CONNECT: 1, CONNACK: 2, PUBLISH: 3, PUBACK: 4, PUBREC: 5, PUBREL: 6, PUBCOMP: 7, SUBSCRIBE: 8, SUBACK: 9, UNSUBSCRIBE: 10, UNSUBACK: 11, PINGREQ: 12, PINGRESP: 13, DISCONNECT: 14, AUTH: 15 } as const;
const NAMES = ['RESERVED', 'CONNECT', 'CONNACK', 'PUBLISH', 'PUBACK', 'PUBREC', 'PUBREL', 'PUBCOMP', 'SUBSCRIBE', 'SUBACK', 'UNSUBSCRIBE', 'UNSUBACK', 'PINGREQ', 'PINGRESP', 'DISCONNECT', 'AUTH'];
export const typeName = (t: number): string => NAMES[t] ?? 'RESERVED';

export interface Packet {
  type: number;
  flags: number;
  body: Buffer;
}

export type Frame = { kind: 'packet'; packet: Packet } | { kind: 'malformed'; reason: string } | { kind: 'oversized'; bytes: number };

export class MqttError extends Error {}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

export class PacketReader {
  private readonly q = new ByteQueue();
  constructor(private readonly maxPacket: number) {}

  push(chunk: Uint8Array): void {
    this.q.push(chunk);
  }

  next(): Frame | undefined {
    if (this.q.length < 2) return undefined;
    let len = 0;
    let i = 1;
    for (let mult = 1; ; mult *= 128, i++) {
      if (i > 4) return { kind: 'malformed', reason: 'remaining length over 4 bytes' };
      const b = this.q.at(i);
      if (b < 0) return undefined;
      len += (b & 0x7f) * mult;
      if ((b & 0x80) === 0) break;
    }
    if (len > this.maxPacket) return { kind: 'oversized', bytes: len };
    const total = 1 + i + len;
    if (this.q.length < total) return undefined;
    const first = this.q.at(0);
    this.q.skip(1 + i);
    return { kind: 'packet', packet: { type: first >> 4, flags: first & 0x0f, body: this.q.take(len) } };
  }
}

class Cursor {
  pos = 0;
  constructor(readonly b: Buffer) {}
  get left(): number {
    return this.b.length - this.pos;
  }
  u8(): number {
    if (this.left < 1) throw new MqttError('short packet');
    return this.b[this.pos++] ?? 0;
  }
  u16(): number {
    if (this.left < 2) throw new MqttError('short packet');
    const v = this.b.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  bytes(n: number): Buffer {
    if (this.left < n) throw new MqttError('short packet');
    const v = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  /** Binary Data / UTF-8 string: two-byte length prefix (§1.5.3). */
  binary(): Buffer {
    return this.bytes(this.u16());
  }
  utf8(): string {
    let s: string;
    try {
      s = UTF8.decode(this.binary());
    } catch {
      // §1.5.3: ill-formed UTF-8 makes the packet malformed.
      throw new MqttError('invalid utf-8');
    }
    if (s.includes('\0')) throw new MqttError('null character in string');
    return s;
  }
  varint(): number {
    let v = 0;
    for (let i = 0, mult = 1; i < 4; i++, mult *= 128) {
      const b = this.u8();
      v += (b & 0x7f) * mult;
      if ((b & 0x80) === 0) return v;
    }
    throw new MqttError('bad variable byte integer');
  }
  /** v5 properties: we keep none, but they must fit the packet. */
  skipProperties(): void {
    this.bytes(this.varint());
  }
}

export interface Connect {
  protocolName: string;
  level: number;
  cleanStart: boolean;
  keepAlive: number;
  clientId: string;
  will?: { topic: string; payload: Buffer; qos: number; retain: boolean };
  username?: string;
  password?: Buffer;
}

/** §3.1: variable header and payload. Protocol name/level are checked by the session (CONNACK 1). */
export function parseConnect(body: Buffer): Connect {
  const c = new Cursor(body);
  const protocolName = c.utf8();
  const level = c.u8();
  const flags = c.u8();
  if (flags & 1) throw new MqttError('reserved connect flag set');
  const keepAlive = c.u16();
  if (level === 5) c.skipProperties();
  const clientId = c.utf8();
  const r: Connect = { protocolName, level, cleanStart: (flags & 2) !== 0, keepAlive, clientId };
  if (flags & 4) {
    if (level === 5) c.skipProperties();
    r.will = { topic: c.utf8(), payload: c.binary(), qos: (flags >> 3) & 3, retain: (flags & 0x20) !== 0 };
  } else if (flags & 0x38) {
    throw new MqttError('will flags without will');
  }
  if (flags & 0x80) r.username = c.utf8();
  if (flags & 0x40) r.password = Buffer.from(c.binary());
  return r;
}

export interface Publish {
  topic: string;
  qos: number;
  retain: boolean;
  dup: boolean;
  packetId?: number;
  payload: Buffer;
}

/** §3.3: QoS 3 and wildcards in the topic name are malformed. */
export function parsePublish(flags: number, body: Buffer, level: number): Publish {
  const qos = (flags >> 1) & 3;
  if (qos === 3) throw new MqttError('qos 3');
  const c = new Cursor(body);
  const topic = c.utf8();
  if (/[#+]/.test(topic)) throw new MqttError('wildcard in topic name');
  const packetId = qos > 0 ? c.u16() : undefined;
  if (packetId === 0) throw new MqttError('packet id 0');
  if (level === 5) c.skipProperties();
  if (topic === '' && level !== 5) throw new MqttError('empty topic');
  return { topic, qos, retain: (flags & 1) !== 0, dup: (flags & 8) !== 0, packetId, payload: c.bytes(c.left) };
}

export interface Subscribe {
  packetId: number;
  filters: Array<{ filter: string; qos: number }>;
}

/** §3.8: fixed-header flags 0b0010, at least one filter; each followed by its options byte. */
export function parseSubscribe(flags: number, body: Buffer, level: number, maxFilters: number): Subscribe {
  if (flags !== 2) throw new MqttError('bad subscribe flags');
  const c = new Cursor(body);
  const packetId = c.u16();
  if (level === 5) c.skipProperties();
  const filters: Subscribe['filters'] = [];
  while (c.left > 0) {
    if (filters.length >= maxFilters) throw new MqttError('too many topic filters');
    const filter = c.utf8();
    const options = c.u8();
    if ((options & 3) === 3 || (level < 5 && options > 2)) throw new MqttError('bad subscription options');
    filters.push({ filter, qos: options & 3 });
  }
  if (filters.length === 0) throw new MqttError('subscribe without filters');
  return { packetId, filters };
}

export function parseUnsubscribe(flags: number, body: Buffer, level: number, maxFilters: number): { packetId: number; filters: string[] } {
  if (flags !== 2) throw new MqttError('bad unsubscribe flags');
  const c = new Cursor(body);
  const packetId = c.u16();
  if (level === 5) c.skipProperties();
  const filters: string[] = [];
  while (c.left > 0) {
    if (filters.length >= maxFilters) throw new MqttError('too many topic filters');
    filters.push(c.utf8());
  }
  if (filters.length === 0) throw new MqttError('unsubscribe without filters');
  return { packetId, filters };
}

/** §4.7.1: '#' only last and alone in its level, '+' alone in its level. */
export function validFilter(f: string): boolean {
  if (f === '') return false;
  const levels = f.split('/');
  return levels.every((l, i) => (l.includes('#') ? l === '#' && i === levels.length - 1 : !l.includes('+') || l === '+'));
}

/** §4.7: does `filter` match `topic`? Wildcards at the first level never match '$' topics (§4.7.2). */
export function topicMatches(filter: string, topic: string): boolean {
  if (topic.startsWith('$') && (filter.startsWith('#') || filter.startsWith('+'))) return false;
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}
