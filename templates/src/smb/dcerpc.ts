// DCE/RPC over the srvsvc named pipe (C706 §12.6 PDUs; MS-RPCE §2.2.2): bind -> bind_ack (NDR
// only), NetrShareEnumAll (MS-SRVS §3.1.4.8, opnum 15) levels 0/1 and NetrServerGetInfo (opnum 21)
// levels 100/101; other calls get a fault.
import type { Share } from './shares';

const PTYPE = { REQUEST: 0, RESPONSE: 2, FAULT: 3, BIND: 11, BIND_ACK: 12, BIND_NAK: 13, ALTER: 14, ALTER_RESP: 15 } as const;
const NDR = Buffer.from('045d888aeb1cc9119fe808002b104860', 'hex');
const SRVSVC = Buffer.from('c84f324b7016d30112785a47bf6ee188', 'hex');
/** Bind-time feature negotiation syntax prefix (MS-RPCE §3.3.1.5.3). */
const BTFN = Buffer.from('2c1cb76c12984045', 'hex');
const NCA_OP_RNG_ERROR = 0x1c010002;
const RPC_X_BAD_STUB_DATA = 0x6f7;
const MAX_FRAG = 4280;

export interface RpcPdu {
  ptype: number;
  flags: number;
  callId: number;
  body: Buffer;
}

/** Splits pipe bytes into PDUs (frag_length at offset 8); bounded, stops at a bad header. */
export function splitPdus(data: Buffer, max = 16): { pdus: RpcPdu[]; rest: Buffer; bad: boolean } {
  const pdus: RpcPdu[] = [];
  let off = 0;
  while (pdus.length < max && data.length - off >= 16) {
    if (data[off] !== 5 || data[off + 4] !== 0x10) return { pdus, rest: Buffer.alloc(0), bad: true };
    const len = data.readUInt16LE(off + 8);
    if (len < 16) return { pdus, rest: Buffer.alloc(0), bad: true };
    if (data.length - off < len) break;
    pdus.push({ ptype: data[off + 2]!, flags: data[off + 3]!, callId: data.readUInt32LE(off + 12), body: data.subarray(off + 16, off + len) });
    off += len;
  }
  return { pdus, rest: Buffer.from(data.subarray(off)), bad: false };
}

function pdu(ptype: number, callId: number, body: Buffer, flags = 0x03): Buffer {
  const h = Buffer.alloc(16);
  h[0] = 5;
  h[2] = ptype;
  h[3] = flags;
  h.writeUInt32LE(0x10, 4);
  h.writeUInt16LE(16 + body.length, 8);
  h.writeUInt32LE(callId, 12);
  return Buffer.concat([h, body]);
}

/** bind_ack: accept NDR 2.0 for srvsvc, ack bind-time feature negotiation, reject the rest. */
export function bindAck(p: RpcPdu, assocGroup: number, pipeName: string): Buffer {
  const b = p.body;
  if (b.length < 12) return pdu(PTYPE.BIND_NAK, p.callId, Buffer.from([0, 0]));
  const n = Math.min(b[8]!, 8);
  const results: Buffer[] = [];
  let off = 12;
  for (let i = 0; i < n && off + 24 <= b.length; i++) {
    const nts = b[off + 2]!;
    const abstract = b.subarray(off + 4, off + 20);
    const syntaxes = Array.from({ length: Math.min(nts, 8) }, (_, k) => b.subarray(off + 24 + k * 20, off + 44 + k * 20)).filter((s) => s.length === 20);
    off += 24 + nts * 20;
    const r = Buffer.alloc(24);
    const ndr = syntaxes.find((s) => s.subarray(0, 16).equals(NDR));
    const btfn = syntaxes.find((s) => s.subarray(0, 8).equals(BTFN));
    // result/reason (C706 §12.6.4.4): 2/1 abstract syntax unsupported, 2/2 transfer syntaxes
    // unsupported, 3 = negotiate_ack with the features we keep (MS-RPCE §2.2.2.14).
    const [result, reason] = !abstract.equals(SRVSVC) ? [2, 1] : ndr ? [0, 0] : btfn ? [3, 3] : [2, 2];
    r.writeUInt16LE(result, 0);
    r.writeUInt16LE(reason, 2);
    if (result === 0 && ndr) ndr.copy(r, 4);
    results.push(r);
  }
  const addr = Buffer.from(`\\PIPE\\${pipeName}\0`, 'latin1');
  const head = Buffer.alloc(8);
  head.writeUInt16LE(MAX_FRAG, 0);
  head.writeUInt16LE(MAX_FRAG, 2);
  head.writeUInt32LE(assocGroup, 4);
  const addrLen = Buffer.alloc(2);
  addrLen.writeUInt16LE(addr.length);
  const secAddr = Buffer.concat([addrLen, addr]);
  const pad = Buffer.alloc((4 - ((24 + secAddr.length) % 4)) % 4);
  const count = Buffer.from([results.length, 0, 0, 0]);
  return pdu(p.ptype === PTYPE.ALTER ? PTYPE.ALTER_RESP : PTYPE.BIND_ACK, p.callId, Buffer.concat([head, secAddr, pad, count, ...results]));
}

function fault(callId: number, status: number): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt32LE(status, 8);
  return pdu(PTYPE.FAULT, callId, b);
}

/** Response PDUs, fragmented to the negotiated size (C706 §12.6.3.7). */
function response(callId: number, stub: Buffer): Buffer[] {
  const room = MAX_FRAG - 24;
  const out: Buffer[] = [];
  for (let off = 0; off === 0 || off < stub.length; off += room) {
    const part = stub.subarray(off, off + room);
    const h = Buffer.alloc(8);
    h.writeUInt32LE(stub.length - off, 0);
    const flags = (off === 0 ? 1 : 0) | (off + room >= stub.length ? 2 : 0);
    out.push(pdu(PTYPE.RESPONSE, callId, Buffer.concat([h, part]), flags));
  }
  return out;
}

/** NDR writer for the little we answer: aligned u32s, unique pointers, conformant varying strings. */
class Ndr {
  private parts: Buffer[] = [];
  private len = 0;
  private ref = 0x20000;
  u32(v: number): this {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v >>> 0);
    return this.raw(b);
  }
  ptr(present = true): this {
    return this.u32(present ? (this.ref += 4) : 0);
  }
  raw(b: Buffer): this {
    this.parts.push(b);
    this.len += b.length;
    return this;
  }
  str(s: string): this {
    const chars = Buffer.from(`${s}\0`, 'utf16le');
    this.u32(chars.length / 2).u32(0).u32(chars.length / 2).raw(chars);
    return this.raw(Buffer.alloc((4 - (this.len % 4)) % 4));
  }
  done(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** Reads the [in] level after the unique ServerName string (NetrShareEnumAll, NetrServerGetInfo); bounded. */
export function shareEnumLevel(stub: Buffer): number | undefined {
  if (stub.length < 4) return undefined;
  let off = 4;
  if (stub.readUInt32LE(0) !== 0) {
    if (stub.length < off + 12) return undefined;
    const actual = stub.readUInt32LE(off + 8);
    if (actual > 1024) return undefined;
    off += 12 + actual * 2;
    off += (4 - (off % 4)) % 4;
  }
  return off + 4 <= stub.length ? stub.readUInt32LE(off) : undefined;
}

/** MS-SRVS §2.2.4.33 SHARE_ENUM_STRUCT for level 0/1; level 2/502 need admin: ERROR_ACCESS_DENIED. */
export function shareEnumStub(level: number, shares: readonly Share[]): Buffer {
  const n = new Ndr();
  if (level !== 0 && level !== 1) return n.u32(level).u32(level).ptr(false).u32(0).ptr().u32(0).u32(5).done();
  n.u32(level).u32(level).ptr().u32(shares.length).ptr().u32(shares.length);
  for (const s of shares) {
    n.ptr();
    if (level === 1) n.u32(s.type).ptr();
  }
  for (const s of shares) {
    n.str(s.name);
    if (level === 1) n.str(s.remark);
  }
  // TotalEntries, ResumeHandle (unique pointer to 0), WERROR_OK.
  return n.u32(shares.length).ptr().u32(0).u32(0).done();
}

/** What NetrServerGetInfo reports (MS-SRVS §2.2.4.41 SERVER_INFO_101). */
export interface ServerInfo {
  name: string;
  major: number;
  minor: number;
  type: number;
  comment: string;
}

/** MS-SRVS §3.1.4.17 NetrServerGetInfo (opnum 21), levels 100/101; others ERROR_INVALID_LEVEL. */
export function serverInfoStub(level: number, s: ServerInfo): Buffer {
  const n = new Ndr();
  if (level !== 100 && level !== 101) return n.u32(level).ptr(false).u32(124).done();
  n.u32(level).ptr().u32(500).ptr();
  if (level === 101) n.u32(s.major).u32(s.minor).u32(s.type).ptr();
  n.str(s.name);
  if (level === 101) n.str(s.comment);
  return n.u32(0).done();
}

export interface RpcCall {
  opnum: number;
  level?: number;
}

/** Answers one request PDU on srvsvc: the PDUs to queue for READ, and what was asked. */
export function srvsvcRequest(p: RpcPdu, shares: readonly Share[], server: ServerInfo): { out: Buffer[]; call: RpcCall } {
  if (p.body.length < 8) return { out: [fault(p.callId, NCA_OP_RNG_ERROR)], call: { opnum: -1 } };
  const opnum = p.body.readUInt16LE(6);
  // Object UUID present (PFC_OBJECT_UUID): the stub starts 16 bytes later.
  const stub = p.body.subarray(p.flags & 0x80 ? 24 : 8);
  if (opnum !== 15 && opnum !== 21) return { out: [fault(p.callId, NCA_OP_RNG_ERROR)], call: { opnum } };
  const level = shareEnumLevel(stub);
  if (level === undefined) return { out: [fault(p.callId, RPC_X_BAD_STUB_DATA)], call: { opnum } };
  const out = opnum === 15 ? shareEnumStub(level, shares) : serverInfoStub(level, server);
  return { out: response(p.callId, out), call: { opnum, level } };
}

export const RPC_PTYPE = PTYPE;
