// Seeded MazeNET generator (inventory §2.8): a DMZ and a tree of LANs `depth` levels deep with
// `branching` children each, `deckiesPerLan` deckies per LAN, one bridge decky per parent/child pair
// (forwarding with `forwardProbability`), optional cross edges. Pure and deterministic: the same
// parameters and seed give byte-identical JSON (mulberry32; fixed iteration order).
import { ARCHETYPES } from './archetypes';
import type { Lan, TopologyBody, TopologyDecky, TopologyGenerateParams, TopologyIssue } from './topology';
import { cidrRange, intToIp, nextFreeAddress } from './topology-net';

export const GENERATE_MAX_LANS = 64;
export const GENERATE_MAX_DECKIES = 1024;

const LAN_GAP_X = 320;
const LEVEL_GAP_Y = 300;
const DECKY_GAP_X = 80;
const DECKY_DY = 120;

/** mulberry32: tiny, fast, good enough for layout and picks; never for secrets. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generatedLanCount(depth: number, branching: number): number {
  let total = 1;
  let level = 1;
  for (let d = 0; d < depth; d++) total += level *= branching;
  return total;
}

/** Why these parameters cannot produce a topology (too many LANs or deckies, subnets running out). */
export function generateParamIssues(p: TopologyGenerateParams): TopologyIssue[] {
  const lans = generatedLanCount(p.depth, p.branching);
  const issues: TopologyIssue[] = [];
  if (lans > GENERATE_MAX_LANS) issues.push({ field: 'depth', message: `depth ${p.depth} with branching ${p.branching} gives ${lans} LANs, more than ${GENERATE_MAX_LANS}`, objects: [] });
  const deckies = lans * p.deckiesPerLan + (lans - 1);
  if (deckies > GENERATE_MAX_DECKIES) issues.push({ field: 'deckiesPerLan', message: `the topology would have ${deckies} deckies, more than ${GENERATE_MAX_DECKIES}`, objects: [] });
  const base = cidrRange(p.subnetBase);
  if (base && Math.floor(base.first / 256) + lans > 2 ** 24) issues.push({ field: 'subnetBase', message: `not enough /24 subnets after ${p.subnetBase} for ${lans} LANs`, objects: [] });
  return issues;
}

interface LanNode {
  lan: Lan;
  level: number;
  parent: number | null;
}

/** Generates the body; call generateParamIssues first (sizes beyond the limits are not checked here). */
export function generateTopology(params: TopologyGenerateParams): TopologyBody {
  const rnd = seededRandom(params.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const base = cidrRange(params.subnetBase)!;
  const firstNet = Math.floor(base.first / 256) * 256;

  // LANs breadth first: dmz, then lan-1 ... and their children lan-1-1 ...
  const nodes: LanNode[] = [{ lan: { name: 'dmz', subnet: `${intToIp(firstNet)}/24`, dmz: true, pos: { x: 0, y: 0 } }, level: 0, parent: null }];
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (n.level >= params.depth) continue;
    for (let b = 1; b <= params.branching; b++) {
      const name = n.parent === null ? `lan-${b}` : `${n.lan.name}-${b}`;
      const subnet = `${intToIp(firstNet + nodes.length * 256)}/24`;
      nodes.push({ lan: { name, subnet, dmz: false, pos: { x: 0, y: 0 } }, level: n.level + 1, parent: i });
    }
  }
  layoutTree(nodes);

  const taken = new Map<string, string[]>(nodes.map((n) => [n.lan.name, []]));
  const address = (lan: Lan): string => {
    const ip = nextFreeAddress(lan.subnet, taken.get(lan.name)!)!;
    taken.get(lan.name)!.push(ip);
    return ip;
  };
  const deckies: TopologyDecky[] = [];
  let seq = 0;
  const newDecky = (prefix: string, lan: Lan, pos: { x: number; y: number }, forwards: boolean): TopologyDecky => {
    const arch = pick(ARCHETYPES);
    let services: string[] = [...arch.services];
    if (params.randomServices) {
      services = services.filter(() => rnd() < 0.5);
      if (services.length === 0) services = [pick(arch.services)];
    }
    seq++;
    return { name: `${params.name}-${prefix}${String(seq).padStart(2, '0')}`, archetype: arch.slug, services, serviceConfig: {}, homes: [{ lan: lan.name, ip: address(lan) }], forwards, pos };
  };

  const members = new Map<string, TopologyDecky[]>(nodes.map((n) => [n.lan.name, []]));
  for (const n of nodes) {
    for (let k = 0; k < params.deckiesPerLan; k++) {
      const x = n.lan.pos.x + (k - (params.deckiesPerLan - 1) / 2) * DECKY_GAP_X;
      const d = newDecky('d', n.lan, { x, y: n.lan.pos.y + DECKY_DY }, false);
      deckies.push(d);
      members.get(n.lan.name)!.push(d);
    }
  }
  // One bridge per parent/child pair, homed on the parent first (its first home is its flat address).
  for (const n of nodes) {
    if (n.parent === null) continue;
    const parent = nodes[n.parent]!.lan;
    const forwards = rnd() < params.forwardProbability;
    const pos = { x: (parent.pos.x + n.lan.pos.x) / 2, y: (parent.pos.y + n.lan.pos.y) / 2 };
    const d = newDecky('gw', parent, pos, forwards);
    d.homes.push({ lan: n.lan.name, ip: address(n.lan) });
    deckies.push(d);
  }
  // Cross edges: an ordinary decky also sits on another LAN it is not on (never forwarding, so
  // reachability still only goes through bridges).
  if (params.crossEdgeProbability > 0 && nodes.length > 1) {
    for (const n of nodes) {
      for (const d of members.get(n.lan.name)!) {
        if (rnd() >= params.crossEdgeProbability) continue;
        const others = nodes.filter((o) => !d.homes.some((h) => h.lan === o.lan.name));
        if (!others.length) continue;
        const target = pick(others).lan;
        if (nextFreeAddress(target.subnet, taken.get(target.name)!) === null) continue;
        d.homes.push({ lan: target.name, ip: address(target) });
      }
    }
  }
  return { name: params.name, hostId: params.hostId, lans: nodes.map((n) => n.lan), deckies };
}

/** Leaves spread left to right; each parent centred over its children; levels top to bottom. */
function layoutTree(nodes: LanNode[]): void {
  const children = nodes.map((_, i) => nodes.map((n, j) => (n.parent === i ? j : -1)).filter((j) => j >= 0));
  let nextLeafX = 0;
  const place = (i: number): number => {
    const kids = children[i]!;
    const node = nodes[i]!;
    const x = kids.length ? kids.map(place).reduce((a, b) => a + b, 0) / kids.length : (nextLeafX += LAN_GAP_X) - LAN_GAP_X;
    node.lan.pos = { x, y: node.level * LEVEL_GAP_Y };
    return x;
  };
  place(0);
}
