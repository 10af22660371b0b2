// DNS tokens: the control plane answers the zone the operator delegates to it (NS record pointing at
// this host). A query for `<slug>.<zone>` (any type, any prefix labels) records a `dns` trigger and
// gets an A answer; anything else in the zone is NXDOMAIN; outside it REFUSED. RFC 1035 §4.1 wire
// format, UDP only; the socket lives in runtime/node.ts, this module is transport-free.
import type { AppDeps } from '../../deps';
import { liveTokenBySlug } from './public';
import { recordTrigger } from './trigger';

export interface DnsQuery {
  id: number;
  rd: boolean;
  labels: string[];
  qtype: number;
  /** The question section as received (echoed in the answer). */
  question: Uint8Array;
}

/** Parses one query (QDCOUNT 1, no compression in the question); undefined for anything else. */
export function parseDnsQuery(b: Uint8Array): DnsQuery | undefined {
  if (b.length < 17 || b.length > 512) return undefined;
  const flags = (b[2]! << 8) | b[3]!;
  if (flags & 0x8000 || ((b[4]! << 8) | b[5]!) !== 1) return undefined; // a response, or not one question
  const labels: string[] = [];
  let o = 12;
  while (o < b.length) {
    const len = b[o]!;
    if (len === 0) break;
    if (len > 63 || o + 1 + len > b.length) return undefined;
    labels.push(String.fromCharCode(...b.subarray(o + 1, o + 1 + len)).toLowerCase());
    o += 1 + len;
  }
  if (o + 5 > b.length) return undefined;
  const qtype = (b[o + 1]! << 8) | b[o + 2]!;
  return { id: (b[0]! << 8) | b[1]!, rd: (flags & 0x0100) !== 0, labels, qtype, question: b.slice(12, o + 5) };
}

const RCODE = { ok: 0, nxdomain: 3, refused: 5 } as const;

export function dnsResponse(q: DnsQuery, rcode: keyof typeof RCODE, answerIpv4?: string): Uint8Array {
  const answer = rcode === 'ok' && answerIpv4 && (q.qtype === 1 || q.qtype === 255);
  const head = [q.id >> 8, q.id & 0xff, 0x84 | (q.rd ? 1 : 0), RCODE[rcode], 0, 1, 0, answer ? 1 : 0, 0, 0, 0, 0];
  // Answer: a pointer to the question name (offset 12), type A, class IN, TTL 60, 4 bytes.
  const rr = answer ? [0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, ...answerIpv4.split('.').map(Number)] : [];
  const out = new Uint8Array(head.length + q.question.length + rr.length);
  out.set(head, 0);
  out.set(q.question, head.length);
  out.set(rr, head.length + q.question.length);
  return out;
}

/** Answers one datagram; records the trigger for a live token's name. undefined = drop silently. */
export async function answerDns(deps: AppDeps, zone: string, answerIpv4: string, packet: Uint8Array, srcIp: string): Promise<Uint8Array | undefined> {
  const q = parseDnsQuery(packet);
  if (!q) return undefined;
  const z = zone.toLowerCase().replace(/^\.+|\.+$/g, '').split('.');
  const inZone = q.labels.length >= z.length && z.every((l, i) => q.labels[q.labels.length - z.length + i] === l);
  if (!inZone) return dnsResponse(q, 'refused');
  if (q.labels.length === z.length) return dnsResponse(q, 'ok', answerIpv4);
  // The slug is the label right under the zone; labels before it may carry data (ignored, stored).
  const slug = q.labels[q.labels.length - z.length - 1]!;
  const token = await liveTokenBySlug(deps, slug);
  if (!token) return dnsResponse(q, 'nxdomain');
  await recordTrigger(deps, token, { via: 'dns', srcIp, dnsName: q.labels.join('.').slice(0, 255) });
  return dnsResponse(q, 'ok', answerIpv4);
}
