// The inspector's drafts turned into staged ops: only what changed goes into update_decky, config
// of removed services is dropped, empty values mean "the template's default".
import type { TopologyDecky, TopologyMutationOp } from '@decnet/protocol';
import { cleanConfig } from './schema-form-logic';

export interface DeckyDraft {
  archetype: string;
  services: string[];
  /** Per service, key → value as typed. */
  config: Record<string, Record<string, string>>;
}

export const draftOf = (d: TopologyDecky): DeckyDraft => ({ archetype: d.archetype ?? '', services: [...d.services], config: structuredClone(d.serviceConfig) });

/** The update_decky op for a draft, or null when nothing changed. */
export function deckyUpdateOp(d: TopologyDecky, draft: DeckyDraft): TopologyMutationOp | null {
  const patch: Extract<TopologyMutationOp, { op: 'update_decky' }>['patch'] = {};
  const config: TopologyDecky['serviceConfig'] = {};
  for (const svc of draft.services) {
    const c = cleanConfig(draft.config[svc] ?? {});
    if (Object.keys(c).length) config[svc] = c;
  }
  if (JSON.stringify(draft.services) !== JSON.stringify(d.services)) patch.services = draft.services;
  if (JSON.stringify(config) !== JSON.stringify(d.serviceConfig)) patch.serviceConfig = config;
  if ((draft.archetype || undefined) !== d.archetype && draft.archetype) patch.archetype = draft.archetype as TopologyDecky['archetype'];
  return Object.keys(patch).length ? { op: 'update_decky', decky: d.name, patch } : null;
}

/** The forwarding flip: on a deployed topology it recreates the decky, so it is sent with force. */
export function forwardsOp(d: TopologyDecky, forwards: boolean, live: boolean): TopologyMutationOp {
  return { op: 'update_decky', decky: d.name, patch: { forwards }, ...(live ? { force: true } : {}) };
}

const NAME_RE = /^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?$/;
const LAN_RE = /^[a-z0-9](?:[a-z0-9-]{0,22}[a-z0-9])?$/;
export const deckyNameProblem = (name: string, taken: readonly string[]): string | null =>
  !NAME_RE.test(name) ? 'Name: letters, digits, - and _, at most 63.' : taken.includes(name) ? `A decky named ${name} already exists.` : null;
export const lanNameProblem = (name: string, taken: readonly string[]): string | null =>
  !LAN_RE.test(name) ? 'LAN name: lower-case letters, digits and -, at most 24.' : taken.includes(name) ? `A LAN named ${name} already exists.` : null;
