// NTLMSSP messages (MS-NLMP §2.2.1): parse NEGOTIATE and AUTHENTICATE from hostile bytes (bounded,
// never throwing), build a CHALLENGE whose flags, target info and version read like the persona's
// Windows or Samba server. No I/O; shared by smb, rdp (CredSSP), ldap and mssql.
import type { NtlmIdentity } from './identity';

export const NTLMSSP_SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');
/** Largest NTLMSSP message we parse; AUTHENTICATE with a long NTLMv2 blob stays well below. */
export const NTLM_MAX_MESSAGE = 16 * 1024;
/** Longest domain/user/workstation we report (characters). */
const MAX_NAME_CHARS = 256;

/** MS-NLMP §2.2.2.5 NEGOTIATE flags. */
export const NTLM = {
  UNICODE: 0x1,
  OEM: 0x2,
  REQUEST_TARGET: 0x4,
  SIGN: 0x10,
  SEAL: 0x20,
  DATAGRAM: 0x40,
  LM_KEY: 0x80,
  NTLM: 0x200,
  ANONYMOUS: 0x800,
  DOMAIN_SUPPLIED: 0x1000,
  WORKSTATION_SUPPLIED: 0x2000,
  ALWAYS_SIGN: 0x8000,
  TARGET_TYPE_DOMAIN: 0x10000,
  TARGET_TYPE_SERVER: 0x20000,
  EXTENDED_SESSIONSECURITY: 0x80000,
  IDENTIFY: 0x100000,
  TARGET_INFO: 0x800000,
  VERSION: 0x2000000,
  N128: 0x20000000,
  KEY_EXCH: 0x40000000,
  N56: 0x80000000,
} as const;

/** MS-NLMP §2.2.2.1 AV_PAIR ids. */
export const AV = { EOL: 0, NbComputerName: 1, NbDomainName: 2, DnsComputerName: 3, DnsDomainName: 4, DnsTreeName: 5, Flags: 6, Timestamp: 7 } as const;

export interface NtlmVersion {
  major: number;
  minor: number;
  build: number;
  /** NTLMRevisionCurrent: 15 (NTLMSSP_REVISION_W2K3) on every Windows since XP SP2 and on Samba. */
  revision: number;
}

export interface NtlmNegotiate {
  flags: number;
  domain?: string;
  workstation?: string;
  version?: NtlmVersion;
}

export interface NtlmAuthenticate {
  flags: number;
  lm: Buffer;
  nt: Buffer;
  domain: string;
  user: string;
  workstation: string;
  sessionKey: Buffer;
  version?: NtlmVersion;
}

/** 1, 2 or 3 when the bytes start with an NTLMSSP signature and a known type; else undefined. */
export function ntlmMessageType(msg: Uint8Array): 1 | 2 | 3 | undefined {
  if (msg.length < 12 || !NTLMSSP_SIGNATURE.equals(Buffer.from(msg.subarray(0, 8)))) return undefined;
  const t = Buffer.from(msg.buffer, msg.byteOffset, msg.length).readUInt32LE(8);
  return t === 1 || t === 2 || t === 3 ? t : undefined;
}

/** A (len, maxlen, offset) field of §2.2.1; undefined when it points outside the message. */
function field(msg: Buffer, at: number): Buffer | undefined {
  if (at + 8 > msg.length) return undefined;
  const len = msg.readUInt16LE(at);
  const off = msg.readUInt32LE(at + 4);
  if (len === 0) return Buffer.alloc(0);
  if (off > msg.length || off + len > msg.length) return undefined;
  return Buffer.from(msg.subarray(off, off + len));
}

function text(b: Buffer | undefined, unicode: boolean): string {
  if (!b || b.length === 0) return '';
  const s = unicode ? b.subarray(0, b.length & ~1).toString('utf16le') : b.toString('latin1');
  return s.slice(0, MAX_NAME_CHARS);
}

function readVersion(msg: Buffer, at: number): NtlmVersion | undefined {
  if (at + 8 > msg.length) return undefined;
  return { major: msg[at]!, minor: msg[at + 1]!, build: msg.readUInt16LE(at + 2), revision: msg[at + 7]! };
}

function asBuffer(msg: Uint8Array): Buffer | undefined {
  if (msg.length > NTLM_MAX_MESSAGE) return undefined;
  return Buffer.from(msg.buffer, msg.byteOffset, msg.length);
}

/** MS-NLMP §2.2.1.1 NEGOTIATE_MESSAGE; null when not one. */
export function parseNegotiate(raw: Uint8Array): NtlmNegotiate | null {
  const msg = asBuffer(raw);
  if (!msg || ntlmMessageType(msg) !== 1 || msg.length < 16) return null;
  const flags = msg.readUInt32LE(12);
  const out: NtlmNegotiate = { flags };
  // Domain and workstation are OEM strings (§2.2.1.1), present only with their *_SUPPLIED flags.
  if (flags & NTLM.DOMAIN_SUPPLIED) out.domain = text(field(msg, 16), false);
  if (flags & NTLM.WORKSTATION_SUPPLIED) out.workstation = text(field(msg, 24), false);
  if (flags & NTLM.VERSION && msg.length >= 40) out.version = readVersion(msg, 32);
  return out;
}

/** MS-NLMP §2.2.1.3 AUTHENTICATE_MESSAGE; null when not one or a field points outside it. */
export function parseAuthenticate(raw: Uint8Array): NtlmAuthenticate | null {
  const msg = asBuffer(raw);
  if (!msg || ntlmMessageType(msg) !== 3 || msg.length < 64) return null;
  const flags = msg.readUInt32LE(60);
  const lm = field(msg, 12);
  const nt = field(msg, 20);
  const domain = field(msg, 28);
  const user = field(msg, 36);
  const ws = field(msg, 44);
  const key = field(msg, 52);
  if (!lm || !nt || !domain || !user || !ws || !key) return null;
  const unicode = (flags & NTLM.UNICODE) !== 0;
  const out: NtlmAuthenticate = {
    flags,
    lm,
    nt,
    domain: text(domain, unicode),
    user: text(user, unicode),
    workstation: text(ws, unicode),
    sessionKey: key,
  };
  // The payload starts after Version (+ MIC) only when VERSION was negotiated; never read into it.
  const payloadStart = Math.min(...[12, 20, 28, 36, 44, 52].map((a) => (msg.readUInt16LE(a) > 0 ? msg.readUInt32LE(a + 4) : msg.length)));
  if (flags & NTLM.VERSION && payloadStart >= 72) out.version = readVersion(msg, 64);
  return out;
}

/** The flags Windows (and Samba) answer with: fixed server bits plus those the client asked for. */
export function challengeFlags(clientFlags: number, identity: NtlmIdentity): number {
  let f = NTLM.REQUEST_TARGET | NTLM.NTLM | NTLM.ALWAYS_SIGN | NTLM.TARGET_INFO | NTLM.VERSION;
  f |= identity.targetIsDomain ? NTLM.TARGET_TYPE_DOMAIN : NTLM.TARGET_TYPE_SERVER;
  f |= clientFlags & NTLM.UNICODE ? NTLM.UNICODE : NTLM.OEM;
  // Mirrored when requested (§3.2.5.1.1): signing, sealing, key exchange, key strength, identify.
  f |= clientFlags & (NTLM.SIGN | NTLM.SEAL | NTLM.KEY_EXCH | NTLM.N128 | NTLM.N56 | NTLM.DATAGRAM | NTLM.IDENTIFY);
  // Extended session security whenever the client offers it (LM_KEY is then dropped, §2.2.2.5 P).
  if (clientFlags & NTLM.EXTENDED_SESSIONSECURITY) f |= NTLM.EXTENDED_SESSIONSECURITY;
  else if (clientFlags & NTLM.LM_KEY) f |= NTLM.LM_KEY;
  return f >>> 0;
}

/** Windows FILETIME: 100 ns ticks since 1601-01-01, as 8 little-endian bytes. */
export function fileTime(date: Date): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE((BigInt(date.getTime()) + 11_644_473_600_000n) * 10_000n);
  return b;
}

function avPair(id: number, value: Buffer): Buffer {
  const h = Buffer.alloc(4);
  h.writeUInt16LE(id, 0);
  h.writeUInt16LE(value.length, 2);
  return Buffer.concat([h, value]);
}

const u16 = (s: string): Buffer => Buffer.from(s, 'utf16le');

/** MS-NLMP §2.2.2.1 target info, in the order Windows (or Samba) sends the pairs. */
export function targetInfo(identity: NtlmIdentity, now: Date): Buffer {
  const pairs = [
    avPair(AV.NbDomainName, u16(identity.nbDomain)),
    avPair(AV.NbComputerName, u16(identity.nbComputer)),
    avPair(AV.DnsDomainName, u16(identity.dnsDomain)),
    avPair(AV.DnsComputerName, u16(identity.dnsComputer)),
  ];
  if (identity.dnsTree) pairs.push(avPair(AV.DnsTreeName, u16(identity.dnsTree)));
  pairs.push(avPair(AV.Timestamp, fileTime(now)), avPair(AV.EOL, Buffer.alloc(0)));
  return Buffer.concat(pairs);
}

export function versionBytes(v: NtlmVersion): Buffer {
  const b = Buffer.alloc(8);
  b[0] = v.major;
  b[1] = v.minor;
  b.writeUInt16LE(v.build, 2);
  b[7] = v.revision;
  return b;
}

export interface ChallengeOptions {
  identity: NtlmIdentity;
  /** 8 random bytes, new for every session (never a fleet-wide constant). */
  serverChallenge: Buffer;
  clientFlags: number;
  now: Date;
}

/** MS-NLMP §2.2.1.2 CHALLENGE_MESSAGE: header, flags, challenge, target name, target info, version. */
export function buildChallenge(o: ChallengeOptions): Buffer {
  const flags = challengeFlags(o.clientFlags, o.identity);
  const unicode = (flags & NTLM.UNICODE) !== 0;
  const name = unicode ? u16(o.identity.targetName) : Buffer.from(o.identity.targetName, 'latin1');
  const info = targetInfo(o.identity, o.now);
  const head = Buffer.alloc(56);
  NTLMSSP_SIGNATURE.copy(head, 0);
  head.writeUInt32LE(2, 8);
  head.writeUInt16LE(name.length, 12);
  head.writeUInt16LE(name.length, 14);
  head.writeUInt32LE(56, 16);
  head.writeUInt32LE(flags, 20);
  o.serverChallenge.copy(head, 24, 0, 8);
  head.writeUInt16LE(info.length, 40);
  head.writeUInt16LE(info.length, 42);
  head.writeUInt32LE(56 + name.length, 44);
  versionBytes(o.identity.version).copy(head, 48);
  return Buffer.concat([head, name, info]);
}
