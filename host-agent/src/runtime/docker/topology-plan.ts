// What a desired topology needs on docker, pure: one network per LAN (the DMZ on the macvlan parent,
// inner LANs on a veth pair the host has no address on), each member's LAN addresses, and the routes
// that make inner LANs reachable only through forwarding deckies. Same input, same plan.
import { createHash } from 'node:crypto';
import type { DeckySpec, DesiredTopology } from '@decnet/protocol';
import { cidrHosts, inCidr, intToIp, ipToInt } from './ip-alloc';
import type { ResolvedOptions } from './options';

export interface LanNet {
  topologyId: string;
  lan: string;
  subnet: string;
  dmz: boolean;
  /** Docker network name: `<namePrefix>t-<topology>-<lan>`, or the configured network for a DMZ that shares it. */
  network: string;
  /**
   * `shared`: the DMZ has the configured network's subnet and lives on it. `uplink`: a host macvlan link
   * on the configured parent (docker allows one macvlan network per parent). `isolated`: one end of a
   * veth pair that no address is on, so the host cannot reach the LAN.
   */
  kind: 'shared' | 'uplink' | 'isolated';
  /** Host interface docker's macvlan uses as parent (uplink, isolated), and the veth's other end. */
  link?: string;
  peer?: string;
  /** Docker IPAM needs a gateway: the first host unless a member has it, else the highest free one. */
  gateway: string;
}

export interface Route {
  /** A LAN's subnet, or `default`. */
  dst: string;
  via: string;
}

export interface MemberPlan {
  decky: string;
  topologyId: string;
  forwards: boolean;
  /** In the desired order: the first is the network the base container is created on. */
  homes: Array<{ lan: string; network: string; ip: string; subnet: string }>;
  routes: Route[];
  /** Destinations this runtime owns in the decky's routing table (the topology's subnets and default). */
  managedDsts: string[];
}

export interface TopologyPlan {
  id: string;
  name: string;
  version: number;
  lans: LanNet[];
  members: MemberPlan[];
  /** What could not be planned (the rest of the topology still is). */
  errors: string[];
}

/** Interface names (<= 15 chars) from a hash: stable per runtime label prefix, topology and LAN. */
export function linkNames(labelPrefix: string, topologyId: string, lan: string): { link: string; peer: string } {
  const h = createHash('sha256').update(`${labelPrefix}\0${topologyId}\0${lan}`).digest('hex').slice(0, 10);
  return { link: `dtl${h}`, peer: `dtp${h}` };
}

export function pickGateway(subnet: string, used: ReadonlySet<string>): string | undefined {
  const { first, last } = cidrHosts(subnet);
  if (!used.has(intToIp(first))) return intToIp(first);
  for (let n = last; n > first; n--) if (!used.has(intToIp(n))) return intToIp(n);
  return undefined;
}

type Opts = Pick<ResolvedOptions, 'labelPrefix' | 'namePrefix' | 'network'>;

function planLans(t: DesiredTopology, opts: Opts, errors: string[]): LanNet[] {
  const out: LanNet[] = [];
  for (const l of t.lans) {
    const used = new Set(t.members.flatMap((m) => m.homes.filter((h) => h.lan === l.name).map((h) => h.ip)));
    if (l.dmz && l.subnet === opts.network.subnet) {
      out.push({ topologyId: t.id, lan: l.name, subnet: l.subnet, dmz: true, network: opts.network.name, kind: 'shared', gateway: opts.network.gateway });
      continue;
    }
    const gateway = pickGateway(l.subnet, used);
    if (!gateway) {
      errors.push(`LAN ${l.name}: no address left for docker's gateway in ${l.subnet}`);
      continue;
    }
    const { link, peer } = linkNames(opts.labelPrefix, t.id, l.name);
    const network = `${opts.namePrefix}t-${t.name}-${l.name}`;
    out.push({ topologyId: t.id, lan: l.name, subnet: l.subnet, dmz: l.dmz, network, kind: l.dmz ? 'uplink' : 'isolated', link, ...(!l.dmz && { peer }), gateway });
  }
  return out;
}

/** Next hop from `decky`'s LANs to every other LAN, through forwarding deckies other than itself (BFS). */
function nextHops(member: MemberPlan, members: readonly MemberPlan[], lans: readonly LanNet[]): Map<string, { via: string; dist: number }> {
  const forwarders = members.filter((m) => m.forwards && m.decky !== member.decky).sort((a, b) => (a.decky < b.decky ? -1 : 1));
  const hop = new Map<string, { via: string; dist: number }>();
  const start = new Set(member.homes.map((h) => h.lan));
  let frontier = [...start].sort();
  const seen = new Set(start);
  for (let dist = 1; frontier.length > 0; dist++) {
    const next: string[] = [];
    for (const from of frontier) {
      for (const f of forwarders) {
        const entry = f.homes.find((h) => h.lan === from);
        if (!entry) continue;
        for (const h of f.homes) {
          if (seen.has(h.lan) || !lans.some((l) => l.lan === h.lan)) continue;
          seen.add(h.lan);
          hop.set(h.lan, { via: start.has(from) ? entry.ip : hop.get(from)!.via, dist });
          next.push(h.lan);
        }
      }
    }
    frontier = next.sort();
  }
  return hop;
}

function planRoutes(member: MemberPlan, members: readonly MemberPlan[], lans: readonly LanNet[]): Route[] {
  const hops = nextHops(member, members, lans);
  const routes: Route[] = [];
  for (const l of lans) {
    const h = hops.get(l.lan);
    if (h) routes.push({ dst: l.subnet, via: h.via });
  }
  const dmzHome = member.homes.find((h) => lans.find((l) => l.lan === h.lan)?.dmz);
  if (dmzHome) {
    routes.push({ dst: 'default', via: lans.find((l) => l.lan === dmzHome.lan)!.gateway });
  } else {
    const nearest = lans.filter((l) => l.dmz && hops.has(l.lan)).sort((a, b) => hops.get(a.lan)!.dist - hops.get(b.lan)!.dist)[0];
    if (nearest) routes.push({ dst: 'default', via: hops.get(nearest.lan)!.via });
  }
  return routes;
}

export function planTopology(t: DesiredTopology, deckies: ReadonlySet<string>, opts: Opts): TopologyPlan {
  const errors: string[] = [];
  const lans = planLans(t, opts, errors);
  const byLan = new Map(lans.map((l) => [l.lan, l]));
  const taken = new Map<string, string>();
  const members: MemberPlan[] = [];
  for (const m of t.members) {
    if (!deckies.has(m.decky)) {
      errors.push(`decky ${m.decky}: not in the desired deckies`);
      continue;
    }
    const homes: MemberPlan['homes'] = [];
    for (const h of m.homes) {
      const lan = byLan.get(h.lan);
      const key = `${h.lan}/${h.ip}`;
      if (!lan) errors.push(`decky ${m.decky}: LAN ${h.lan} is not realised`);
      else if (!inCidr(h.ip, lan.subnet)) errors.push(`decky ${m.decky}: ${h.ip} is outside LAN ${h.lan} (${lan.subnet})`);
      else if (h.ip === lan.gateway) errors.push(`decky ${m.decky}: ${h.ip} is docker's gateway of LAN ${h.lan}`);
      else if (taken.has(key)) errors.push(`decky ${m.decky}: ${h.ip} on LAN ${h.lan} is also ${taken.get(key)}'s`);
      else if (homes.some((x) => x.lan === h.lan)) errors.push(`decky ${m.decky}: twice on LAN ${h.lan}`);
      else {
        taken.set(key, m.decky);
        homes.push({ lan: h.lan, network: lan.network, ip: h.ip, subnet: lan.subnet });
      }
    }
    if (homes.length === 0) errors.push(`decky ${m.decky}: on no realisable LAN`);
    else members.push({ decky: m.decky, topologyId: t.id, forwards: m.forwards, homes, routes: [], managedDsts: ['default', ...lans.map((l) => l.subnet)] });
  }
  for (const m of members) m.routes = planRoutes(m, members, lans);
  return { id: t.id, name: t.name, version: t.version, lans, members, errors };
}

/** Plans every topology; a decky claimed by two topologies stays with the first. */
export function planTopologies(topologies: readonly DesiredTopology[], deckies: readonly DeckySpec[], opts: Opts): TopologyPlan[] {
  const names = new Set(deckies.map((d) => d.name));
  const claimed = new Set<string>();
  return topologies.map((t) => {
    const p = planTopology(t, names, opts);
    for (const m of p.members.filter((x) => claimed.has(x.decky))) p.errors.push(`decky ${m.decky}: already in another topology`);
    p.members = p.members.filter((x) => !claimed.has(x.decky));
    for (const m of p.members) claimed.add(m.decky);
    return p;
  });
}

/** A subnet's network address as an int: for comparing routes the kernel prints as `a.b.c.d/n`. */
export function subnetKey(cidr: string): string {
  const [ip, prefix] = cidr.split('/');
  const size = 2 ** (32 - Number(prefix));
  return `${intToIp(Math.floor(ipToInt(ip!) / size) * size)}/${prefix}`;
}
