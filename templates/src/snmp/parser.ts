// SNMP message parsing (RFC 1157 §4, RFC 3416 §3, RFC 3412 §6 / RFC 3414 §2.4 for v3 headers): one
// datagram in, one message or an error out, no I/O. Nesting follows the fixed schema (message > PDU >
// varbind list > varbind), at most 4 levels; values inside varbinds are skipped, never descended.
import { BerError, expectTlv, readInt, readOid, readTlv, TAG, type Tlv } from './ber';

export const PDU = { GET: 0xa0, GETNEXT: 0xa1, RESPONSE: 0xa2, SET: 0xa3, TRAP: 0xa4, GETBULK: 0xa5, INFORM: 0xa6, TRAP2: 0xa7, REPORT: 0xa8 } as const;
const PDU_NAMES: Record<number, string> = { 0xa0: 'get', 0xa1: 'getnext', 0xa2: 'response', 0xa3: 'set', 0xa4: 'trap', 0xa5: 'getbulk', 0xa6: 'inform', 0xa7: 'trap2', 0xa8: 'report' };
export const pduName = (tag: number): string => PDU_NAMES[tag] ?? `0x${tag.toString(16)}`;

/** Varbinds parsed per PDU; a 4 KiB datagram cannot hold many more, and more is refused. */
export const MAX_VARBINDS = 64;

export interface Pdu {
  type: number;
  requestId: number;
  /** error-status, or non-repeaters for GetBulk (RFC 3416 §3). */
  errorStatus: number;
  /** error-index, or max-repetitions for GetBulk. */
  errorIndex: number;
  oids: number[][];
}

export interface CommunityMessage {
  version: 0 | 1;
  community: Uint8Array;
  pdu: Pdu;
}

export interface V3Message {
  version: 3;
  msgId: number;
  maxSize: number;
  flags: number;
  securityModel: number;
  engineId: Uint8Array;
  userName: Uint8Array;
  /** The plaintext scoped PDU's PDU; absent when encrypted or unreadable. */
  pdu?: Pdu;
}

export type SnmpMessage = CommunityMessage | V3Message;
export type ParseResult = { ok: true; msg: SnmpMessage } | { ok: false; error: string };

const sub = (buf: Uint8Array, t: Tlv): Uint8Array => buf.subarray(t.start, t.end);

function parsePdu(buf: Uint8Array, off: number, limit: number): Pdu {
  const p = readTlv(buf, off, limit);
  if (p.tag < 0xa0 || p.tag > 0xa8) throw new BerError('bad_pdu_type');
  if (p.tag === PDU.TRAP) throw new BerError('trap_pdu');
  const rid = expectTlv(buf, p.start, p.end, TAG.INTEGER);
  const es = expectTlv(buf, rid.end, p.end, TAG.INTEGER);
  const ei = expectTlv(buf, es.end, p.end, TAG.INTEGER);
  const list = expectTlv(buf, ei.end, p.end, TAG.SEQUENCE);
  const oids: number[][] = [];
  for (let o = list.start; o < list.end; ) {
    if (oids.length >= MAX_VARBINDS) throw new BerError('too_many_varbinds');
    const vb = expectTlv(buf, o, list.end, TAG.SEQUENCE);
    const name = expectTlv(buf, vb.start, vb.end, TAG.OID);
    const value = readTlv(buf, name.end, vb.end);
    if (value.end !== vb.end) throw new BerError('trailing_bytes');
    oids.push(readOid(buf, name));
    o = vb.end;
  }
  return { type: p.tag, requestId: readInt(buf, rid), errorStatus: readInt(buf, es), errorIndex: readInt(buf, ei), oids };
}

function parseV3(buf: Uint8Array, after: number, limit: number): V3Message {
  const global = expectTlv(buf, after, limit, TAG.SEQUENCE);
  const msgId = expectTlv(buf, global.start, global.end, TAG.INTEGER);
  const maxSize = expectTlv(buf, msgId.end, global.end, TAG.INTEGER);
  const flags = expectTlv(buf, maxSize.end, global.end, TAG.OCTETS);
  const model = expectTlv(buf, flags.end, global.end, TAG.INTEGER);
  if (flags.end - flags.start !== 1) throw new BerError('bad_msg_flags');
  const secParams = expectTlv(buf, global.end, limit, TAG.OCTETS);
  const msg: V3Message = {
    version: 3, msgId: readInt(buf, msgId), maxSize: readInt(buf, maxSize), flags: buf[flags.start]!, securityModel: readInt(buf, model),
    engineId: new Uint8Array(0), userName: new Uint8Array(0),
  };
  // RFC 3414 §2.4: UsmSecurityParameters ::= SEQUENCE { engineID, boots, time, userName, auth, priv }.
  if (msg.securityModel === 3 && secParams.end > secParams.start) {
    const usm = expectTlv(buf, secParams.start, secParams.end, TAG.SEQUENCE);
    const engine = expectTlv(buf, usm.start, usm.end, TAG.OCTETS);
    const boots = expectTlv(buf, engine.end, usm.end, TAG.INTEGER);
    const time = expectTlv(buf, boots.end, usm.end, TAG.INTEGER);
    const user = expectTlv(buf, time.end, usm.end, TAG.OCTETS);
    msg.engineId = sub(buf, engine);
    msg.userName = sub(buf, user);
  }
  // RFC 3412 §6: ScopedPDU (plaintext) or an encrypted OCTET STRING (privacy flag set).
  const data = readTlv(buf, secParams.end, limit);
  if (data.tag === TAG.SEQUENCE && (msg.flags & 0x02) === 0) {
    const ctxEngine = expectTlv(buf, data.start, data.end, TAG.OCTETS);
    const ctxName = expectTlv(buf, ctxEngine.end, data.end, TAG.OCTETS);
    msg.pdu = parsePdu(buf, ctxName.end, data.end);
  } else if (data.tag !== TAG.OCTETS) throw new BerError('bad_scoped_pdu');
  return msg;
}

export function parseMessage(buf: Uint8Array): ParseResult {
  try {
    const top = expectTlv(buf, 0, buf.length, TAG.SEQUENCE);
    const ver = expectTlv(buf, top.start, top.end, TAG.INTEGER);
    const version = readInt(buf, ver);
    if (version === 3) return { ok: true, msg: parseV3(buf, ver.end, top.end) };
    if (version !== 0 && version !== 1) return { ok: false, error: 'bad_version' };
    const community = expectTlv(buf, ver.end, top.end, TAG.OCTETS);
    const pdu = parsePdu(buf, community.end, top.end);
    return { ok: true, msg: { version, community: sub(buf, community), pdu } };
  } catch (err) {
    if (err instanceof BerError) return { ok: false, error: err.message };
    throw err;
  }
}
