// Topology validation (issue 11): every finding is a TopologyIssue naming the field and the offending
// objects (LAN and decky names); the API answers 422 with the list. Pure, so the dashboard can show
// the same findings before it sends anything.
import type { TopologyBody, TopologyIssue } from './topology';
import { addressFit, cidrRange, rangesOverlap, type Ipv4Range } from './topology-net';

export interface ValidateContext {
  /** Most deckies the host may run in total. */
  maxDeckiesPerHost?: number;
  /** Deckies already on the host that are not part of this topology (they count against the limit). */
  otherDeckiesOnHost?: number;
  /** Names of fleet deckies outside this topology (names are fleet-wide unique). */
  takenDeckyNames?: readonly string[];
  /** Subnets of the host's other topologies: their networks live on the same host. */
  otherSubnets?: readonly { topology: string; lan: string; subnet: string }[];
  /** Deploy needs a DMZ even for an empty topology; a stored draft without LANs is allowed. */
  requireDmz?: boolean;
}

function duplicates(names: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const n of names) (seen.has(n) ? dup : seen).add(n);
  return [...dup];
}

/** LANs reachable from the DMZ: a forwarding decky on a reached LAN reaches all of its LANs (BFS). */
export function reachableLans(body: TopologyBody): Set<string> {
  const reached = new Set(body.lans.filter((l) => l.dmz).map((l) => l.name));
  const queue = [...reached];
  const forwarders = body.deckies.filter((d) => d.forwards && d.homes.length > 1);
  while (queue.length) {
    const lan = queue.shift()!;
    for (const d of forwarders) {
      if (!d.homes.some((h) => h.lan === lan)) continue;
      for (const h of d.homes) {
        if (!reached.has(h.lan)) {
          reached.add(h.lan);
          queue.push(h.lan);
        }
      }
    }
  }
  return reached;
}

export function validateTopology(body: TopologyBody, ctx: ValidateContext = {}): TopologyIssue[] {
  const issues: TopologyIssue[] = [];
  const add = (field: string, message: string, objects: string[]) => issues.push({ field, message, objects });

  // LANs: unique names, non-overlapping subnets (within the topology and against the host's others).
  const lanNames = body.lans.map((l) => l.name);
  for (const n of duplicates(lanNames)) add('lans.name', `LAN name '${n}' is used twice`, [n]);
  const ranges = new Map<string, Ipv4Range>();
  for (const l of body.lans) {
    const r = cidrRange(l.subnet);
    if (r) ranges.set(l.name, r);
  }
  const lanList = body.lans.filter((l) => ranges.has(l.name));
  for (let i = 0; i < lanList.length; i++) {
    for (let j = i + 1; j < lanList.length; j++) {
      const a = lanList[i]!;
      const b = lanList[j]!;
      if (rangesOverlap(ranges.get(a.name)!, ranges.get(b.name)!)) add('lans.subnet', `Subnets of LANs '${a.name}' (${a.subnet}) and '${b.name}' (${b.subnet}) overlap`, [a.name, b.name]);
    }
  }
  for (const o of ctx.otherSubnets ?? []) {
    const or = cidrRange(o.subnet);
    for (const l of lanList) {
      if (or && rangesOverlap(or, ranges.get(l.name)!)) add('lans.subnet', `Subnet of LAN '${l.name}' (${l.subnet}) overlaps LAN '${o.lan}' (${o.subnet}) of topology '${o.topology}' on the same host`, [l.name]);
    }
  }
  if (!body.lans.some((l) => l.dmz) && (ctx.requireDmz || body.lans.length > 0 || body.deckies.length > 0)) {
    add('lans.dmz', 'The topology has no DMZ LAN: the attacker must reach one LAN first', lanNames);
  }

  // Deckies: names, homes, addresses.
  const deckyNames = body.deckies.map((d) => d.name);
  for (const n of duplicates(deckyNames)) add('deckies.name', `Decky name '${n}' is used twice`, [n]);
  const taken = new Set(ctx.takenDeckyNames ?? []);
  const clash = deckyNames.filter((n) => taken.has(n));
  if (clash.length) add('deckies.name', `Decky name(s) already used in the fleet: ${clash.join(', ')}`, clash);
  const lanByName = new Map(body.lans.map((l) => [l.name, l]));
  const owners = new Map<string, string[]>();
  for (const d of body.deckies) {
    if (d.homes.length === 0) add('deckies.homes', `Decky '${d.name}' is on no LAN`, [d.name]);
    for (const n of duplicates(d.homes.map((h) => h.lan))) add('deckies.homes', `Decky '${d.name}' is on LAN '${n}' twice`, [d.name, n]);
    for (const h of d.homes) {
      const lan = lanByName.get(h.lan);
      if (!lan) {
        add('deckies.homes.lan', `Decky '${d.name}' is homed on unknown LAN '${h.lan}'`, [d.name, h.lan]);
        continue;
      }
      const fit = addressFit(h.ip, lan.subnet);
      if (fit === 'outside') add('deckies.homes.ip', `Address ${h.ip} of decky '${d.name}' is outside LAN '${lan.name}' (${lan.subnet})`, [d.name, lan.name]);
      else if (fit === 'network' || fit === 'broadcast') add('deckies.homes.ip', `Address ${h.ip} of decky '${d.name}' is the ${fit} address of LAN '${lan.name}' (${lan.subnet})`, [d.name, lan.name]);
      const list = owners.get(h.ip) ?? [];
      list.push(d.name);
      owners.set(h.ip, list);
    }
  }
  for (const [ip, names] of owners) if (names.length > 1) add('deckies.homes.ip', `Address ${ip} is used by ${names.length} homes: ${[...new Set(names)].join(', ')}`, [...new Set(names)]);

  // Reachability: inner LANs only through forwarding deckies; gateways must hang off the DMZ side.
  if (body.lans.some((l) => l.dmz)) {
    const reached = reachableLans(body);
    const cut = body.lans.filter((l) => !reached.has(l.name)).map((l) => l.name);
    if (cut.length) add('lans', `LAN(s) not reachable from the DMZ through forwarding deckies: ${cut.join(', ')}`, cut);
    const orphans = body.deckies.filter((d) => d.forwards && d.homes.length > 1 && !d.homes.some((h) => reached.has(h.lan))).map((d) => d.name);
    if (orphans.length) add('deckies.forwards', `Gateway decky(s) not homed on the DMZ or on a LAN reachable from it: ${orphans.join(', ')}`, orphans);
  }

  // The host's deployment limit counts this topology's deckies and everything else the host runs.
  if (ctx.maxDeckiesPerHost !== undefined) {
    const total = body.deckies.length + (ctx.otherDeckiesOnHost ?? 0);
    if (total > ctx.maxDeckiesPerHost) {
      add('deckies', `The host would run ${total} deckies, more than its limit of ${ctx.maxDeckiesPerHost}`, [body.hostId]);
    }
  }
  return issues;
}
