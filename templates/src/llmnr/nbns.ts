// NetBIOS names on the wire (RFC 1001 §14.1 first-level encoding: 16 bytes, each split into two
// nibbles sent as 'A'+nibble, 32 bytes in one label) and the NBNS name query (RFC 1002 §4.2.12).
import { encodeQuery, labelText, WireError } from '../_dns/dns-wire';

/** RFC 1002 §4.2.1.3: QUESTION_TYPE NB (name query) and NBSTAT (node status). */
export const NB = 0x0020;
export const NBSTAT = 0x0021;

export interface NetbiosName {
  /** The 15-character name, trailing spaces removed, printable. */
  name: string;
  /** The 16th byte: 0x00 workstation, 0x20 file server, 0x1c domain controllers ... */
  suffix: number;
}

/** Decodes a first-level encoded label; a label that is not 32 'A'-'P' bytes is an error. */
export function decodeNetbiosLabel(label: Uint8Array): NetbiosName {
  if (label.length !== 32) throw new WireError('bad_netbios_name');
  const raw = new Uint8Array(16);
  for (let i = 0; i < 16; i++) {
    const hi = label[2 * i]! - 0x41;
    const lo = label[2 * i + 1]! - 0x41;
    if (hi < 0 || hi > 15 || lo < 0 || lo > 15) throw new WireError('bad_netbios_name');
    raw[i] = (hi << 4) | lo;
  }
  return { name: labelText(raw.subarray(0, 15)).replace(/(\\x20)+$/, '').replace(/\\x00+$/, ''), suffix: raw[15]! };
}

export function encodeNetbiosLabel(name: string, suffix: number): Uint8Array {
  const raw = new Uint8Array(16).fill(0x20);
  const up = name.toUpperCase().slice(0, 15);
  for (let i = 0; i < up.length; i++) raw[i] = up.charCodeAt(i) & 0x7f;
  raw[15] = suffix & 0xff;
  const out = new Uint8Array(32);
  for (let i = 0; i < 16; i++) {
    out[2 * i] = 0x41 + (raw[i]! >> 4);
    out[2 * i + 1] = 0x41 + (raw[i]! & 0xf);
  }
  return out;
}

/** A broadcast name query as Windows sends it: opcode 0, RD and B set (flags 0x0110), NB, class IN. */
export function nbnsNameQuery(id: number, name: string, suffix = 0x20): Uint8Array {
  return encodeQuery(id, 0x0110, [encodeNetbiosLabel(name, suffix)], NB, 1);
}

/** RFC 1002 §4.2.13: a positive response's RDATA is 6-byte entries of NB_FLAGS then NB_ADDRESS. */
export function nbAddresses(rdata: Uint8Array, max = 8): string[] {
  const out: string[] = [];
  for (let o = 0; o + 6 <= rdata.length && out.length < max; o += 6) out.push([...rdata.subarray(o + 2, o + 6)].join('.'));
  return out;
}
