// Value encoders of the persona MIB: each entry's value is a function of the request's instant, so
// uptime, counters and usage move between two reads (detectability D4). Wrapping follows RFC 2578 §7.1.
import { encInt, encOctets, encOid, encUnsigned, parseOid, TAG } from './ber';

/** A value encoder at an instant (epoch ms). */
export type ValueAt = (nowMs: number) => Uint8Array;
export interface MibEntry {
  oid: number[];
  value: ValueAt;
}

export const fixed = (bytes: Uint8Array): ValueAt => () => bytes;
export const str = (s: string): ValueAt => fixed(encOctets(s));
export const int = (n: number): ValueAt => fixed(encInt(n));
export const oidValue = (s: string): ValueAt => fixed(encOid(parseOid(s)));
export const ticks = (f: (nowMs: number) => number): ValueAt => (t) => encUnsigned(TAG.TIMETICKS, Math.max(0, Math.floor(f(t))) % 2 ** 32);
export const gauge = (f: (nowMs: number) => number): ValueAt => (t) => encUnsigned(TAG.GAUGE32, Math.min(2 ** 32 - 1, Math.max(0, Math.floor(f(t)))));
export const counter = (f: (nowMs: number) => number): ValueAt => (t) => encUnsigned(TAG.COUNTER32, Math.max(0, Math.floor(f(t))) % 2 ** 32);
export const ipAddr = (ip: string): ValueAt => fixed(Uint8Array.of(TAG.IPADDR, 4, ...ip.split('.').map(Number)));

