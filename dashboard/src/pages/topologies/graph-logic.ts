// The canvas graph: LANs and deckies as nodes, each decky↔LAN home as an edge (labelled with its
// address). Nodes the staged ops add or change are marked, removed ones stay as ghosts until applied.
import type { TopologyBody } from '@decnet/protocol';
import { stateColour } from './snapshot-logic';

export interface GraphElement {
  group: 'nodes' | 'edges';
  data: Record<string, string | number | boolean>;
  position?: { x: number; y: number };
  classes?: string;
}

export const lanId = (name: string) => `lan:${name}`;
export const deckyId = (name: string) => `decky:${name}`;

/** Which node an element id is: `{kind, name}`, or null for an edge. */
export function parseNodeId(id: string): { kind: 'lan' | 'decky'; name: string } | null {
  const m = /^(lan|decky):(.+)$/.exec(id);
  return m ? { kind: m[1] as 'lan' | 'decky', name: m[2]! } : null;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const stagedClass = (before: unknown, after: unknown) => (before === undefined ? 'staged-new' : same(before, after) ? '' : 'staged');

/**
 * Elements for the preview body (base + staged ops). `reported` gives each decky's state for its
 * colour; `base` is the body the ops were made against, for the staged marks and ghosts.
 */
export function graphElements(preview: TopologyBody, base: TopologyBody, reported: Record<string, string | undefined>): GraphElement[] {
  const out: GraphElement[] = [];
  const baseLans = new Map(base.lans.map((l) => [l.name, l]));
  const baseDeckies = new Map(base.deckies.map((d) => [d.name, d]));
  for (const l of preview.lans) {
    const cls = ['lan', l.dmz ? 'dmz' : '', stagedClass(baseLans.get(l.name), l)].filter(Boolean).join(' ');
    out.push({ group: 'nodes', data: { id: lanId(l.name), label: `${l.name}\n${l.subnet}${l.dmz ? ' · DMZ' : ''}`, kind: 'lan' }, position: { ...l.pos }, classes: cls });
  }
  for (const d of preview.deckies) {
    const state = reported[d.name];
    const cls = ['decky', d.forwards ? 'forwards' : '', stagedClass(baseDeckies.get(d.name), d)].filter(Boolean).join(' ');
    out.push({ group: 'nodes', data: { id: deckyId(d.name), label: d.name, kind: 'decky', colour: stateColour(state), state: state ?? 'not reported' }, position: { ...d.pos }, classes: cls });
    const baseHomes = baseDeckies.get(d.name)?.homes ?? [];
    for (const h of d.homes) {
      const was = baseHomes.find((b) => b.lan === h.lan);
      out.push({ group: 'edges', data: { id: `home:${d.name}:${h.lan}`, source: deckyId(d.name), target: lanId(h.lan), label: h.ip }, classes: stagedClass(was, h) });
    }
  }
  // Ghosts of what the staged ops remove.
  const previewLans = new Set(preview.lans.map((l) => l.name));
  const previewDeckies = new Map(preview.deckies.map((d) => [d.name, d]));
  for (const l of base.lans) {
    if (!previewLans.has(l.name)) out.push({ group: 'nodes', data: { id: lanId(l.name), label: `${l.name}\n${l.subnet}`, kind: 'lan' }, position: { ...l.pos }, classes: 'lan staged-removed' });
  }
  for (const d of base.deckies) {
    const now = previewDeckies.get(d.name);
    if (!now) out.push({ group: 'nodes', data: { id: deckyId(d.name), label: d.name, kind: 'decky', colour: stateColour(undefined), state: 'removed' }, position: { ...d.pos }, classes: 'decky staged-removed' });
    for (const h of d.homes) {
      if (now?.homes.some((x) => x.lan === h.lan)) continue;
      const target = lanId(h.lan);
      out.push({ group: 'edges', data: { id: `home:${d.name}:${h.lan}`, source: deckyId(d.name), target, label: h.ip }, classes: 'staged-removed' });
    }
  }
  return out;
}

/** A body with every node at the origin has never been laid out (blank, INI import): the canvas lays it out. */
export function needsLayout(b: TopologyBody): boolean {
  const pts = [...b.lans.map((l) => l.pos), ...b.deckies.map((d) => d.pos)];
  return pts.length > 1 && pts.every((p) => p.x === pts[0]!.x && p.y === pts[0]!.y);
}
