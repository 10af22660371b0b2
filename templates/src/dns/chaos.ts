// BIND's built-in CHAOS zones (named's `_bind` view): version.bind and version.server (`version`),
// hostname.bind (`hostname`), id.server (`server-id`). Each is its own zone with an SOA whose
// RNAME is hostmaster.<zone> (nmap's DNSVersionBindReq matches on that), answered with AA and TTL 0.
import type { DnsPersona } from './persona';
import { C, RCODE, T, type Rr } from './records';

export const CHAOS_NAMES = ['version.bind', 'version.server', 'hostname.bind', 'id.server', 'authors.bind'] as const;

function zoneOf(name: string): string | undefined {
  return CHAOS_NAMES.find((z) => z !== 'authors.bind' && (name === z || name.endsWith(`.${z}`)));
}

function text(p: DnsPersona, zone: string): string | undefined {
  if (zone === 'version.bind' || zone === 'version.server') return p.version;
  if (zone === 'hostname.bind') return p.hostname;
  return p.serverId;
}

export interface ChaosAnswer {
  rcode: number;
  answer: Rr[];
  /** NS of the zone: only when the query did not ask for recursion (minimal-responses no-auth-recursive). */
  ns: Rr[];
  /** SOA for NODATA/NXDOMAIN. */
  soa: Rr[];
}

export function chaosAnswer(p: DnsPersona, name: string, qtype: number): ChaosAnswer {
  const zone = zoneOf(name);
  // No such CHAOS zone here (authors.bind left BIND in 9.13): REFUSED, as for any zone not served.
  if (!zone) return { rcode: RCODE.REFUSED, answer: [], ns: [], soa: [] };
  const soa: Rr = { name: zone, type: T.SOA, class: C.CH, ttl: 86400, data: { kind: 'soa', mname: zone, rname: `hostmaster.${zone}`, serial: 0, refresh: 28800, retry: 7200, expire: 604800, minimum: 86400 } };
  const ns: Rr = { name: zone, type: T.NS, class: C.CH, ttl: 0, data: { kind: 'name', name: zone } };
  if (name !== zone) return { rcode: RCODE.NXDOMAIN, answer: [], ns: [], soa: [soa] };
  const t = text(p, zone);
  const want = (type: number): boolean => qtype === type || qtype === T.ANY;
  const answer: Rr[] = [];
  if (t !== undefined && want(T.TXT)) answer.push({ name: zone, type: T.TXT, class: C.CH, ttl: 0, data: { kind: 'txt', strings: [t] } });
  if (want(T.SOA)) answer.push(soa);
  if (want(T.NS)) answer.push(ns);
  return answer.length ? { rcode: RCODE.NOERROR, answer, ns: [ns], soa: [] } : { rcode: RCODE.NOERROR, answer: [], ns: [], soa: [soa] };
}
