// Attacker address extraction with DECNET's collector precedence (inventory §1.1), plus
// validation: a value is only accepted when it really is an IP address.
import { isIPv4, isIp, splitHostPort } from '../util/ip';

/** SD params checked in this order (DECNET `_IP_FIELDS`). */
export const ATTACKER_IP_KEYS = [
  'src_ip',
  'src',
  'client_ip',
  'remote_ip',
  'remote_addr',
  'target_ip',
  'ip',
] as const;

export type AttackerAddressSource = 'field' | 'msg_kv' | 'anchored' | 'bare_ipv4';

export interface AttackerAddress {
  ip: string;
  /** Port split off a `host:port` value, when there was one. */
  port: number | null;
  source: AttackerAddressSource;
  /** The SD param or MSG key it came from (sources field and msg_kv). */
  key?: string;
}

// Regex scans look at a bounded prefix of MSG so hostile lines cost O(limit).
const SCAN_LIMIT_CHARS = 8192;
const MSG_KV_RE = /(\w+)=(\S+)/g;
const ANCHORED_RE = /(?:\bfrom\s+|\brhost=|\bclient=|\bsrc=)(\[[0-9A-Fa-f:.]+\](?::\d{1,5})?|[0-9A-Fa-f:.]+)/g;
const BARE_IPV4_RE = /(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(?![\d.])/g;

function asAddress(value: string): { ip: string; port: number | null } | null {
  const v = value.trim();
  if (isIp(v)) return { ip: v, port: null };
  const hp = splitHostPort(v);
  return isIp(hp.host) ? { ip: hp.host, port: hp.port } : null;
}

/** Returns the attacker address or null; never throws. */
export function extractAttackerAddress(
  fields: Readonly<Record<string, string>>,
  msg: string | null,
): AttackerAddress | null {
  for (const key of ATTACKER_IP_KEYS) {
    const v = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (!v) continue;
    const a = asAddress(v);
    if (a) return { ...a, source: 'field', key };
  }
  if (!msg) return null;
  const text = msg.slice(0, SCAN_LIMIT_CHARS);
  const ipKeys: ReadonlySet<string> = new Set(ATTACKER_IP_KEYS);
  for (const m of text.matchAll(MSG_KV_RE)) {
    const key = m[1] ?? '';
    if (!ipKeys.has(key)) continue;
    const a = asAddress(m[2] ?? '');
    if (a) return { ...a, source: 'msg_kv', key };
  }
  for (const m of text.matchAll(ANCHORED_RE)) {
    const raw = m[1] ?? '';
    // `from 1.2.3.4.` or `from 1.2.3.4:` at a sentence end: retry without the trailing punctuation.
    const a = asAddress(raw) ?? asAddress(raw.replace(/[.:]+$/, ''));
    if (a) return { ...a, source: 'anchored' };
  }
  for (const m of text.matchAll(BARE_IPV4_RE)) {
    const ip = m[1] ?? '';
    if (isIPv4(ip)) return { ip, port: null, source: 'bare_ipv4' };
  }
  return null;
}
