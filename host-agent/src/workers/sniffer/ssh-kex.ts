// SSH identification line and the first KEXINIT (RFC 4253 §4.2, §7.1) from one direction of a flow,
// and HASSH (Salesforce, BSD-3): MD5 of "kex;encryption;mac;compression" as the client (hassh) or
// the server (hassh_server) offers them. Bounded: 8 KiB of banner area, 64 KiB packets.
import { createHash } from 'node:crypto';
import { Reader } from './tls-hello';

export interface SshKexInit {
  banner: string;
  kex: string;
  hostKey: string;
  encC2s: string;
  encS2c: string;
  macC2s: string;
  macS2c: string;
  compC2s: string;
  compS2c: string;
}

export type KexResult = { kind: 'kex'; kex: SshKexInit } | { kind: 'more' } | { kind: 'not_ssh' };

const MAX_PRE_BANNER = 8192;
const MAX_PACKET = 65_536;

/** Parses the first bytes one side sent: its banner line, then its KEXINIT packet. */
export function parseSshStart(b: Uint8Array): KexResult {
  // RFC 4253 §4.2: a server may send other lines first; the identification starts with "SSH-".
  let lineStart = 0;
  let banner: string | undefined;
  let after = 0;
  for (let i = 0; i < b.length && i < MAX_PRE_BANNER; i++) {
    if (b[i] !== 0x0a) continue;
    const line = new TextDecoder('latin1').decode(b.subarray(lineStart, i)).replace(/\r$/, '');
    if (line.startsWith('SSH-')) {
      banner = line.slice(0, 255);
      after = i + 1;
      break;
    }
    if (lineStart === 0 && !/^[\x20-\x7e\t\r]*$/.test(line)) return { kind: 'not_ssh' };
    lineStart = i + 1;
  }
  if (banner === undefined) {
    if (b.length >= 4 && !startsLikeSsh(b)) return { kind: 'not_ssh' };
    return b.length >= MAX_PRE_BANNER ? { kind: 'not_ssh' } : { kind: 'more' };
  }
  if (b.length < after + 6) return { kind: 'more' };
  const pktLen = ((b[after]! << 24) | (b[after + 1]! << 16) | (b[after + 2]! << 8) | b[after + 3]!) >>> 0;
  if (pktLen < 16 || pktLen > MAX_PACKET) return { kind: 'not_ssh' };
  if (b.length < after + 4 + pktLen) return { kind: 'more' };
  const pad = b[after + 4]!;
  const payload = b.subarray(after + 5, after + 4 + pktLen - pad);
  if (payload[0] !== 20) return { kind: 'not_ssh' };
  const r = new Reader(payload, 17);
  const list = (): string => new TextDecoder('latin1').decode(r.bytes(r.u32())).slice(0, 2048);
  const kex = { banner, kex: list(), hostKey: list(), encC2s: list(), encS2c: list(), macC2s: list(), macS2c: list(), compC2s: list(), compS2c: list() };
  return r.bad ? { kind: 'not_ssh' } : { kind: 'kex', kex };
}

function startsLikeSsh(b: Uint8Array): boolean {
  // Either the identification itself or printable pre-banner text.
  return (b[0] === 0x53 && b[1] === 0x53 && b[2] === 0x48) || (b[0]! >= 0x20 && b[0]! < 0x7f);
}

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

export function hassh(k: SshKexInit): { hassh: string; algorithms: string } {
  const algorithms = `${k.kex};${k.encC2s};${k.macC2s};${k.compC2s}`;
  return { hassh: md5(algorithms), algorithms };
}

export function hasshServer(k: SshKexInit): { hassh: string; algorithms: string } {
  const algorithms = `${k.kex};${k.encS2c};${k.macS2c};${k.compS2c}`;
  return { hassh: md5(algorithms), algorithms };
}
