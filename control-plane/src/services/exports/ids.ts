// Deterministic identifiers for exports: RFC 9562 UUIDv5 (SHA-1 over namespace + name), so a
// re-export gives every object the id it had before and consumers update instead of duplicating.
import { sha1 } from '@noble/hashes/legacy.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** STIX 2.1 §2.9: the namespace for deterministic Cyber-observable Object ids. */
export const STIX_SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';
/** Ours, fixed forever: the namespace for every other exported object (SDOs, SROs, MISP uuids). */
export const DECNET_NAMESPACE = '6c1e2f0a-4d3b-5e7a-9c8d-1f2e3a4b5c6d';

const hexToBytes = (hex: string) => Uint8Array.from(hex.match(/../g)!.map((b) => parseInt(b, 16)));

export function uuidV5(namespace: string, name: string): string {
  const ns = hexToBytes(namespace.replace(/-/g, ''));
  const nm = new TextEncoder().encode(name);
  const input = new Uint8Array(ns.length + nm.length);
  input.set(ns);
  input.set(nm, ns.length);
  const h = sha1(input).slice(0, 16);
  h[6] = (h[6]! & 0x0f) | 0x50; // version 5
  h[8] = (h[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const x = bytesToHex(h);
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** An SDO/SRO id from a stable key of ours: `<type>--<uuidv5>`. */
export const stixId = (type: string, key: string) => `${type}--${uuidV5(DECNET_NAMESPACE, `${type}:${key}`)}`;

/**
 * An SCO id per STIX 2.1 §2.9: UUIDv5 over the canonical JSON (RFC 8785) of the id-contributing
 * properties. Ours are flat string maps or one level of nesting, where sorted-key JSON.stringify is JCS.
 */
export function scoId(type: string, contributing: Record<string, string | Record<string, string>>): string {
  const canon = (v: string | Record<string, string>): string =>
    typeof v === 'string' ? JSON.stringify(v) : `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(v[k])}`).join(',')}}`;
  const body = `{${Object.keys(contributing).sort().map((k) => `${JSON.stringify(k)}:${canon(contributing[k]!)}`).join(',')}}`;
  return `${type}--${uuidV5(STIX_SCO_NAMESPACE, body)}`;
}
