// Broker-to-client packets as mosquitto sends them: CONNACK (v3 return codes, v5 reason codes with
// Topic Alias Maximum 10 and an Assigned Client Identifier), SUBACK, UNSUBACK, PUBLISH, the QoS 1/2
// acknowledgements and PINGRESP (MQTT 3.1.1 §3.2-3.13, MQTT 5.0 §3.2-3.13).

/** §1.5.5 Variable Byte Integer. */
export function varint(n: number): Buffer {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return Buffer.from(out);
}

function packet(first: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([first]), varint(body.length), body]);
}

function str(s: string): Buffer {
  const b = Buffer.from(s, 'utf8');
  const h = Buffer.alloc(2);
  h.writeUInt16BE(b.length);
  return Buffer.concat([h, b]);
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n & 0xffff);
  return b;
}

/** v3: 0 accepted, 1 unacceptable protocol version, 2 identifier rejected, 5 not authorized. */
export const CONNACK_V3 = { ACCEPTED: 0, BAD_PROTOCOL: 1, ID_REJECTED: 2, NOT_AUTHORIZED: 5 } as const;
export const CONNACK_V5 = { ACCEPTED: 0x00, BAD_PROTOCOL: 0x84, ID_REJECTED: 0x85, NOT_AUTHORIZED: 0x87 } as const;

export function connack(level: number, code: number, assignedId?: string): Buffer {
  if (level !== 5) return packet(0x20, Buffer.from([0, code]));
  const props: Buffer[] = [];
  if (code === 0) props.push(Buffer.from([0x22]), u16(10));
  if (code === 0 && assignedId) props.push(Buffer.from([0x12]), str(assignedId));
  const p = Buffer.concat(props);
  return packet(0x20, Buffer.concat([Buffer.from([0, code]), varint(p.length), p]));
}

export function suback(level: number, packetId: number, codes: number[]): Buffer {
  return packet(0x90, Buffer.concat([u16(packetId), level === 5 ? Buffer.from([0]) : Buffer.alloc(0), Buffer.from(codes)]));
}

export function unsuback(level: number, packetId: number, count: number): Buffer {
  if (level !== 5) return packet(0xb0, u16(packetId));
  return packet(0xb0, Buffer.concat([u16(packetId), Buffer.from([0]), Buffer.alloc(count, 0)]));
}

/** A QoS 0 PUBLISH (retained messages are delivered at QoS 0, flagged RETAIN). */
export function publish(level: number, topic: string, payload: Uint8Array, retain: boolean): Buffer {
  return packet(0x30 | (retain ? 1 : 0), Buffer.concat([str(topic), level === 5 ? Buffer.from([0]) : Buffer.alloc(0), Buffer.from(payload)]));
}

export const puback = (id: number): Buffer => packet(0x40, u16(id));
export const pubrec = (id: number): Buffer => packet(0x50, u16(id));
export const pubcomp = (id: number): Buffer => packet(0x70, u16(id));
export const pingresp = (): Buffer => Buffer.from([0xd0, 0x00]);
