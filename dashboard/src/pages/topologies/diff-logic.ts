// The apply dialog's diff: each staged op in words (with the old and new values it changes, read
// from the body as it stands just before that op), and the topology's counts before and after.
import type { TopologyBody, TopologyDecky, TopologyMutationOp } from '@decnet/protocol';

export type ChangeKind = 'add' | 'remove' | 'change';

export interface ChangeLine {
  kind: ChangeKind;
  text: string;
  /** Field-level details (old → new). */
  details: string[];
}

export interface Counts {
  lans: number;
  deckies: number;
  /** Decky↔LAN memberships (edges of the graph). */
  homes: number;
  forwarders: number;
}

export type ApplyFn = (body: TopologyBody, ops: readonly TopologyMutationOp[]) => { body: TopologyBody };

const q = (s: string) => `“${s}”`;
const list = (a: readonly string[]) => (a.length ? a.join(', ') : 'none');
const show = (v: unknown) => (v === undefined || v === null || v === '' ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

export function countsOf(b: TopologyBody): Counts {
  return {
    lans: b.lans.length,
    deckies: b.deckies.length,
    homes: b.deckies.reduce((n, d) => n + d.homes.length, 0),
    forwarders: b.deckies.filter((d) => d.forwards).length,
  };
}

/** Per-service, per-key config changes as `service.key: old → new`. */
function configDetails(before: TopologyDecky['serviceConfig'], after: TopologyDecky['serviceConfig']): string[] {
  const out: string[] = [];
  for (const svc of [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].sort()) {
    const a = before?.[svc] ?? {};
    const b = after?.[svc] ?? {};
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      if (a[key] !== b[key]) out.push(`${svc}.${key}: ${show(a[key])} → ${show(b[key])}`);
    }
  }
  return out;
}

function deckyDetails(d: TopologyDecky | undefined, patch: Partial<TopologyDecky>, force?: boolean): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(patch)) {
    const old = d?.[key as keyof TopologyDecky];
    if (key === 'pos') continue;
    if (key === 'services') {
      const before = (old as string[] | undefined) ?? [];
      const after = (value as string[]) ?? [];
      const added = after.filter((s) => !before.includes(s));
      const removed = before.filter((s) => !after.includes(s));
      if (added.length) out.push(`services added: ${added.join(', ')}`);
      if (removed.length) out.push(`services removed: ${removed.join(', ')}`);
    } else if (key === 'serviceConfig') out.push(...configDetails(d?.serviceConfig ?? {}, value as TopologyDecky['serviceConfig']));
    else if (key === 'forwards') out.push(`forwarding: ${old ? 'on' : 'off'} → ${value ? 'on' : 'off'}${force ? ' (forced: the decky is recreated)' : ''}`);
    else if (JSON.stringify(old) !== JSON.stringify(value)) out.push(`${key}: ${show(old)} → ${show(value)}`);
  }
  return out;
}

/** One op in words, against the body as it is just before the op. */
export function describeOp(op: TopologyMutationOp, before: TopologyBody): ChangeLine {
  const lan = (name: string) => before.lans.find((l) => l.name === name);
  const decky = (name: string) => before.deckies.find((d) => d.name === name);
  switch (op.op) {
    case 'add_lan':
      return { kind: 'add', text: `Add LAN ${q(op.lan.name)} (${op.lan.subnet}${op.lan.dmz ? ', DMZ' : ''})`, details: [] };
    case 'remove_lan': {
      const on = before.deckies.filter((d) => d.homes.some((h) => h.lan === op.lan)).map((d) => d.name);
      return { kind: 'remove', text: `Remove LAN ${q(op.lan)}`, details: on.length ? [`detaches ${list(on)}`] : [] };
    }
    case 'update_lan': {
      const l = lan(op.lan);
      const details = Object.entries(op.patch)
        .filter(([k]) => k !== 'pos')
        .map(([k, v]) => `${k}: ${show(l?.[k as keyof typeof l])} → ${show(v)}`);
      const moved = 'pos' in op.patch && Object.keys(op.patch).length === 1;
      return { kind: 'change', text: moved ? `Move LAN ${q(op.lan)} on the canvas` : `Change LAN ${q(op.lan)}`, details };
    }
    case 'add_decky': {
      const d = op.decky;
      const details = [
        `archetype: ${show(d.archetype)}`,
        `services: ${list(d.services)}`,
        `on ${d.homes.map((h) => `${h.lan} at ${h.ip}`).join(', ') || 'no LAN'}`,
        ...(d.forwards ? ['forwards between its LANs'] : []),
        ...configDetails({}, d.serviceConfig),
      ];
      return { kind: 'add', text: `Add decky ${q(d.name)}`, details };
    }
    case 'remove_decky':
      return { kind: 'remove', text: `Remove decky ${q(op.decky)}`, details: [] };
    case 'attach_decky':
      return { kind: 'add', text: `Attach ${q(op.decky)} to LAN ${q(op.home.lan)} at ${op.home.ip}`, details: [] };
    case 'detach_decky': {
      const ip = decky(op.decky)?.homes.find((h) => h.lan === op.lan)?.ip;
      return { kind: 'remove', text: `Detach ${q(op.decky)} from LAN ${q(op.lan)}${ip ? ` (${ip})` : ''}`, details: [] };
    }
    case 'update_decky': {
      const moved = 'pos' in op.patch && Object.keys(op.patch).length === 1;
      if (moved) return { kind: 'change', text: `Move decky ${q(op.decky)} on the canvas`, details: [] };
      return { kind: 'change', text: `Change decky ${q(op.decky)}`, details: deckyDetails(decky(op.decky), op.patch, op.force) };
    }
  }
}

/** Every op in words, each read against the body the earlier ops produced, and the counts before and after. */
export function describeBatch(base: TopologyBody, ops: readonly TopologyMutationOp[], apply: ApplyFn): { lines: ChangeLine[]; before: Counts; after: Counts } {
  let body = base;
  const lines: ChangeLine[] = [];
  for (const op of ops) {
    lines.push(describeOp(op, body));
    body = apply(body, [op]).body;
  }
  return { lines, before: countsOf(base), after: countsOf(body) };
}
