// Topologies on the local runtime (no isolation): each LAN becomes its own loopback block
// 127.<a>.0.0/16 (a from a hash of topology id + LAN, kept while the LAN exists), and a decky's address
// on a LAN is that block plus its host part in the LAN's subnet. A decky on several LANs listens on
// each of its LAN addresses (one runner, several bind addresses).
import { createHash } from 'node:crypto';
import type { DeckySpec, DesiredTopology } from '@decnet/protocol';
import { cidrHosts, inCidr, ipToInt } from '../docker/ip-alloc';

export interface LocalTopologyPlan {
  /** decky -> the loopback address it binds (its first LAN's). */
  bind: Map<string, string>;
  /** decky -> every loopback address it has, one per LAN (the first is its primary); it listens on each. */
  addresses: Map<string, string[]>;
  /** Second octets taken by LAN blocks: flat deckies' hashed addresses stay out of them. */
  blocks: Set<number>;
  /** `<topology id>/<lan>` -> second octet, to keep next time. */
  blockOf: Map<string, number>;
  /** Per topology: what could not be placed (errors) and what is placed differently than asked (notes). */
  outcome: Map<string, { errors: string[]; notes: string[] }>;
}

const lanKey = (topologyId: string, lan: string): string => `${topologyId}/${lan}`;

function hashOctet(key: string, attempt: number): number {
  const h = createHash('sha256').update(attempt === 0 ? key : `${key}#${attempt}`).digest();
  return 1 + (h[0]! % 254);
}

/** The loopback twin of `ip` on a LAN whose block is 127.<octet>.0.0/16. */
export function loopbackOnLan(ip: string, subnet: string, octet: number): string {
  const host = ipToInt(ip) - (cidrHosts(subnet).first - 1);
  return `127.${octet}.${(host >>> 8) & 255}.${host & 255}`;
}

/**
 * Plans the loopback side of `topologies`. `previous` (blockOf of the last plan) keeps LAN blocks
 * stable across mutations; new LANs are placed in sorted order, so the same set gets the same blocks.
 */
export function planLocalTopologies(
  topologies: readonly DesiredTopology[],
  deckies: readonly DeckySpec[],
  previous: ReadonlyMap<string, number> = new Map(),
): LocalTopologyPlan {
  const plan: LocalTopologyPlan = { bind: new Map(), addresses: new Map(), blocks: new Set(), blockOf: new Map(), outcome: new Map() };
  const keys = topologies.flatMap((t) => t.lans.map((l) => lanKey(t.id, l.name)));
  for (const k of keys) {
    const o = previous.get(k);
    if (o !== undefined && !plan.blocks.has(o)) (plan.blockOf.set(k, o), plan.blocks.add(o));
  }
  for (const k of [...keys].sort()) {
    if (plan.blockOf.has(k)) continue;
    let attempt = 0;
    let o = hashOctet(k, attempt);
    while (plan.blocks.has(o) && attempt < 1024) o = hashOctet(k, ++attempt);
    if (plan.blocks.has(o)) continue; // more than 254 LANs: reported below
    plan.blockOf.set(k, o);
    plan.blocks.add(o);
  }
  const known = new Set(deckies.map((d) => d.name));
  for (const t of topologies) {
    const out = { errors: [] as string[], notes: [] as string[] };
    plan.outcome.set(t.id, out);
    const lans = new Map(t.lans.map((l) => [l.name, l]));
    for (const m of t.members) {
      if (!known.has(m.decky)) {
        out.errors.push(`decky ${m.decky}: not in the desired deckies`);
        continue;
      }
      const addrs: string[] = [];
      for (const h of m.homes) {
        const lan = lans.get(h.lan);
        const octet = plan.blockOf.get(lanKey(t.id, h.lan));
        if (!lan) out.errors.push(`decky ${m.decky}: no LAN ${h.lan}`);
        else if (!inCidr(h.ip, lan.subnet)) out.errors.push(`decky ${m.decky}: ${h.ip} is outside LAN ${h.lan} (${lan.subnet})`);
        else if (octet === undefined) out.errors.push(`LAN ${h.lan}: no loopback block left (at most 254 LANs)`);
        else addrs.push(loopbackOnLan(h.ip, lan.subnet, octet));
      }
      if (addrs.length === 0) continue;
      plan.addresses.set(m.decky, addrs);
      plan.bind.set(m.decky, addrs[0]!);
    }
  }
  return plan;
}
