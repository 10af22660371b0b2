// The authoritative zone a dns listener serves: the persona's records plus the INI `extra_records`,
// indexed by lower-case owner name. Lookups follow RFC 1034 §4.3.2 (exact match, CNAME, empty
// non-terminals, NXDOMAIN) for one zone; anything outside it is not ours.
import type { DnsConfig } from './config';
import type { DnsPersona } from './persona';
import { T, type Rr } from './records';

export interface Zone {
  domain: string;
  ttl: number;
  soa: Rr;
  ns: Rr[];
  /** Owner name (lower case, no trailing dot) to its records. */
  names: Map<string, Rr[]>;
}

/** Extra records accepted per zone (bounded like the INI value itself). */
const MAX_EXTRA = 64;

function abs(name: string, domain: string): string {
  const n = name.trim().toLowerCase();
  if (n === '@' || n === '') return domain;
  return n.endsWith('.') ? n.slice(0, -1) : `${n}.${domain}`;
}

export function inZone(name: string, domain: string): boolean {
  return name === domain || name.endsWith(`.${domain}`);
}

/** Parses `name TYPE value` lines; malformed lines are skipped (config is the operator's, not an attacker's). */
export function parseExtraRecords(spec: string | undefined, domain: string, ttl: number): Rr[] {
  const out: Rr[] = [];
  for (const line of (spec ?? '').split(/[;\n]/)) {
    const m = /^\s*(\S+)\s+(A|AAAA|CNAME|MX|TXT|NS)\s+(.+?)\s*$/i.exec(line);
    if (!m || out.length >= MAX_EXTRA) continue;
    const name = abs(m[1]!, domain);
    const type = m[2]!.toUpperCase();
    const v = m[3]!;
    if (type === 'A' && /^\d{1,3}(\.\d{1,3}){3}$/.test(v)) out.push({ name, type: T.A, ttl, data: { kind: 'a', ip: v } });
    else if (type === 'AAAA' && /^[0-9a-f:]+$/i.test(v)) out.push({ name, type: T.AAAA, ttl, data: { kind: 'aaaa', ip: v } });
    else if (type === 'CNAME') out.push({ name, type: T.CNAME, ttl, data: { kind: 'name', name: abs(v, domain) } });
    else if (type === 'NS') out.push({ name, type: T.NS, ttl, data: { kind: 'name', name: abs(v, domain) } });
    else if (type === 'MX') {
      const mx = /^(\d{1,5})\s+(\S+)$/.exec(v);
      if (mx) out.push({ name, type: T.MX, ttl, data: { kind: 'mx', pref: Math.min(65535, Number(mx[1])), host: abs(mx[2]!, domain) } });
    } else if (type === 'TXT') out.push({ name, type: T.TXT, ttl, data: { kind: 'txt', strings: [v.replace(/^"|"$/g, '').slice(0, 255)] } });
  }
  return out;
}

export function buildZone(p: DnsPersona, config: DnsConfig): Zone {
  const z = p.zone;
  const domain = (config.domain ?? z.domain).toLowerCase().replace(/\.$/, '');
  // A config domain renames the persona's zone: its relative hosts move with it.
  const rebase = (n: string): string => (inZone(n, z.domain) ? `${n.slice(0, n.length - z.domain.length)}${domain}` : n);
  const ttl = z.ttl;
  const soa: Rr = { name: domain, type: T.SOA, ttl, data: { kind: 'soa', ...z.soa, mname: rebase(z.soa.mname), rname: rebase(z.soa.rname) } };
  const ns: Rr[] = z.ns.map((n) => ({ name: domain, type: T.NS, ttl, data: { kind: 'name', name: rebase(n) } }));
  const all: Rr[] = [soa, ...ns];
  for (const mx of z.mx) all.push({ name: domain, type: T.MX, ttl, data: { kind: 'mx', pref: mx.pref, host: rebase(mx.host) } });
  for (const t of z.txt) all.push({ name: domain, type: T.TXT, ttl, data: { kind: 'txt', strings: [t] } });
  for (const h of z.hosts) all.push({ name: abs(h.name, domain), type: T.A, ttl, data: { kind: 'a', ip: h.ip } });
  all.push(...parseExtraRecords(config.extra_records, domain, ttl));
  const names = new Map<string, Rr[]>();
  for (const rr of all) {
    if (!inZone(rr.name, domain)) continue;
    const list = names.get(rr.name) ?? [];
    list.push(rr);
    names.set(rr.name, list);
  }
  return { domain, ttl, soa, ns, names };
}

export type Lookup =
  | { kind: 'answer'; records: Rr[]; cname: Rr[] }
  | { kind: 'nodata' }
  | { kind: 'nxdomain' };

/** One lookup in the zone; a CNAME is followed inside the zone (at most 8 links). */
export function lookup(zone: Zone, name: string, qtype: number, any: boolean): Lookup {
  const cname: Rr[] = [];
  let n = name;
  for (let hop = 0; hop < 8; hop++) {
    const rrs = zone.names.get(n);
    if (!rrs) {
      if (cname.length) return { kind: 'answer', records: [], cname };
      // RFC 8020: an empty non-terminal (a name with descendants) exists with no data.
      for (const k of zone.names.keys()) if (k.endsWith(`.${n}`)) return { kind: 'nodata' };
      return { kind: 'nxdomain' };
    }
    if (any) return { kind: 'answer', records: rrs, cname };
    const match = rrs.filter((r) => r.type === qtype);
    if (match.length) return { kind: 'answer', records: match, cname };
    const c = rrs.find((r) => r.type === T.CNAME);
    if (!c || c.data.kind !== 'name') return cname.length ? { kind: 'answer', records: [], cname } : { kind: 'nodata' };
    cname.push(c);
    if (!inZone(c.data.name, zone.domain)) return { kind: 'answer', records: [], cname };
    n = c.data.name;
  }
  return { kind: 'answer', records: [], cname };
}
