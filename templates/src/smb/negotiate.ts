// SMB2 NEGOTIATE as the persona's server answers it (MS-SMB2 §3.3.5.3/§3.3.5.4): the highest
// common dialect, capabilities per dialect, signing enabled (required on a DC), the SPNEGO hint
// blob, and for 3.1.1 the preauth-integrity (SHA-512) and encryption/signing contexts.
import { randomBytes } from 'node:crypto';
import { OID, serverNegTokenInit } from '../_ntlm/spnego';
import { negotiateContexts, negotiateDialects, u32 } from './parser';
import type { SmbPersona } from './persona';
import { negotiateBody } from './responses';

export const DIALECTS = [0x0202, 0x0210, 0x0300, 0x0302, 0x0311] as const;
export const WILDCARD = 0x02ff;
const CAP = { DFS: 1, LEASING: 2, LARGE_MTU: 4, MULTI_CHANNEL: 8, DIRECTORY_LEASING: 0x20, ENCRYPTION: 0x40 } as const;
const CTX = { PREAUTH: 1, ENCRYPTION: 2, SIGNING: 8 } as const;

const NAMES: Record<number, string> = { 0x0202: '2.0.2', 0x0210: '2.1', 0x0222: '2.2.2', 0x0224: '2.2.4', 0x0300: '3.0', 0x0302: '3.0.2', 0x0310: '3.1', 0x0311: '3.1.1', 0x02ff: '2.???' };

export function dialectName(d: number): string {
  return NAMES[d] ?? `0x${d.toString(16).padStart(4, '0')}`;
}

/** SPNEGO mechanisms the server lists: joined Windows offers Kerberos first; workgroup and Samba NTLMSSP only. */
export function serverMechs(p: SmbPersona): string[] {
  if (p.flavor === 'samba') return [OID.NTLMSSP];
  return p.ntlm.targetIsDomain ? [OID.NEGOEX, OID.MS_KRB5, OID.KRB5, OID.KRB5_U2U, OID.NTLMSSP] : [OID.NEGOEX, OID.NTLMSSP];
}

function capabilities(p: SmbPersona, dialect: number, clientCaps: number): number {
  if (dialect === 0x0202) return CAP.DFS;
  let caps = CAP.DFS | CAP.LEASING | CAP.LARGE_MTU;
  if (dialect >= 0x0300 && dialect !== WILDCARD) {
    // The SMB 3.x capabilities are granted only when the client set them too (MS-SMB2 §3.3.5.4);
    // Samba has no directory leases. Encryption is a capability only for 3.0/3.0.2 (3.1.1: a context).
    caps |= clientCaps & CAP.MULTI_CHANNEL;
    if (p.flavor === 'windows') caps |= clientCaps & CAP.DIRECTORY_LEASING;
    if (dialect < 0x0311) caps |= clientCaps & CAP.ENCRYPTION;
  }
  return caps;
}

/** The server's preferred cipher among the client's (AES-128-GCM, AES-128-CCM, AES-256-GCM, AES-256-CCM). */
function pickCipher(data: Buffer, strong: boolean): number {
  const n = Math.min(data.length >= 2 ? data.readUInt16LE(0) : 0, 16);
  const offered = Array.from({ length: n }, (_, i) => (2 + i * 2 + 2 <= data.length ? data.readUInt16LE(2 + i * 2) : 0));
  return (strong ? [2, 1, 4, 3] : [2, 1]).find((c) => offered.includes(c)) ?? 0;
}

function pickSigning(data: Buffer): number | undefined {
  const n = Math.min(data.length >= 2 ? data.readUInt16LE(0) : 0, 16);
  const offered = Array.from({ length: n }, (_, i) => (2 + i * 2 + 2 <= data.length ? data.readUInt16LE(2 + i * 2) : -1));
  return [2, 1, 0].find((a) => offered.includes(a));
}

function ctxData(...words: number[]): Buffer {
  const b = Buffer.alloc(words.length * 2);
  words.forEach((w, i) => b.writeUInt16LE(w, i * 2));
  return b;
}

export interface NegotiateResult {
  dialect: number;
  body?: Buffer;
  clientDialects: number[];
  clientGuid: string;
  error?: 'no_common_dialect' | 'bad_request' | 'no_preauth_context';
}

/** Windows 2022/11 and Samba 4.15+ know AES-256 and signing-algorithm negotiation. */
function modern(p: SmbPersona): boolean {
  if (p.flavor === 'windows') return p.ntlm.version.build >= 20348;
  const [maj = 0, min = 0] = (p.sambaVersion ?? '').split(/[.-]/).map(Number);
  return maj > 4 || (maj === 4 && min >= 15);
}

export function negotiate(p: SmbPersona, msg: Buffer, now: Date): NegotiateResult {
  const dialects = negotiateDialects(msg);
  if (!dialects) return { dialect: 0, clientDialects: [], clientGuid: '', error: 'bad_request' };
  const clientCaps = u32(msg, 64 + 8) ?? 0;
  const clientGuid = msg.subarray(64 + 12, 64 + 28).toString('hex');
  const chosen = [...DIALECTS].reverse().find((d) => dialects.includes(d));
  if (chosen === undefined) return { dialect: 0, clientDialects: dialects, clientGuid, error: 'no_common_dialect' };
  const contexts: Array<{ type: number; data: Buffer }> = [];
  if (chosen === 0x0311) {
    const offered = negotiateContexts(msg);
    if (!offered.some((c) => c.type === CTX.PREAUTH)) return { dialect: 0, clientDialects: dialects, clientGuid, error: 'no_preauth_context' };
    contexts.push({ type: CTX.PREAUTH, data: Buffer.concat([ctxData(1, 32, 1), randomBytes(32)]) });
    const enc = offered.find((c) => c.type === CTX.ENCRYPTION);
    if (enc) contexts.push({ type: CTX.ENCRYPTION, data: ctxData(1, pickCipher(enc.data, modern(p))) });
    const sig = offered.find((c) => c.type === CTX.SIGNING);
    const alg = sig && modern(p) ? pickSigning(sig.data) : undefined;
    if (alg !== undefined) contexts.push({ type: CTX.SIGNING, data: ctxData(1, alg) });
  }
  return { dialect: chosen, clientDialects: dialects, clientGuid, body: negotiateResponse(p, chosen, clientCaps, now, contexts) };
}

export function negotiateResponse(p: SmbPersona, dialect: number, clientCaps: number, now: Date, contexts: Array<{ type: number; data: Buffer }> = []): Buffer {
  return negotiateBody({
    dialect,
    securityMode: p.signingRequired ? 3 : 1,
    serverGuid: Buffer.from(p.serverGuid, 'hex'),
    capabilities: capabilities(p, dialect, clientCaps),
    now,
    securityBlob: serverNegTokenInit(serverMechs(p)),
    contexts,
  });
}
