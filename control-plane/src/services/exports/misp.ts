// MISP core format events (draft-dulaunoy-misp-core-format): one Event per attacker or identity with
// ip-src, sha256 and filename attributes and ATT&CK galaxy tags; a fleet export is
// {"response": [events]} as DECNET's misp_export gives it. Uuids are deterministic (UUIDv5).
import { attackTechnique } from '@decnet/protocol';
import type { AttackerRow } from '../../db/schema';
import type { ExportData } from './gather';
import { DECNET_NAMESPACE, uuidV5 } from './ids';

const ORG = { name: 'DECNET-TS', uuid: uuidV5(DECNET_NAMESPACE, 'misp:org:decnet-ts') };
const secs = (ms: number) => String(Math.floor(ms / 1000));
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

interface Group {
  key: string;
  info: string;
  attackers: AttackerRow[];
}

function mispEvent(g: Group, data: ExportData): Record<string, unknown> {
  const ids = new Set(g.attackers.map((a) => a.id));
  const first = Math.min(...g.attackers.map((a) => a.firstSeenMs));
  const last = Math.max(...g.attackers.map((a) => a.lastSeenMs));
  const attr = (type: string, category: string, value: string, tsMs: number, toIds: boolean, comment = '') => ({
    uuid: uuidV5(DECNET_NAMESPACE, `misp:attr:${g.key}:${type}:${value}`),
    type,
    category,
    value,
    to_ids: toIds,
    distribution: '5',
    timestamp: secs(tsMs),
    comment,
    deleted: false,
    disable_correlation: false,
  });
  const attributes = g.attackers.map((a) => attr('ip-src', 'Network activity', a.ip, a.lastSeenMs, true, `${a.eventCount} events on DECNET-TS deckies`));
  const seenFiles = new Set<string>();
  for (const f of data.artifacts) {
    if (!f.attackerId || !ids.has(f.attackerId) || seenFiles.has(f.sha256)) continue;
    seenFiles.add(f.sha256);
    attributes.push(attr('sha256', 'Payload delivery', f.sha256, f.tsMs, true, `${f.size} bytes via ${f.service}`));
    // The file name is attacker text: a value only, bounded.
    if (f.name) attributes.push(attr('filename', 'Payload delivery', f.name.slice(0, 255), f.tsMs, false, `sha256 ${f.sha256}`));
  }
  const techniques = new Set(data.tags.filter((t) => ids.has(t.attackerId)).map((t) => t.techniqueId));
  const tags = [{ name: 'tlp:amber' }, { name: 'source:honeypot' }, ...[...techniques].sort().map((id) => ({ name: `misp-galaxy:mitre-attack-pattern="${attackTechnique(id)?.fullName.replace(/"/g, "'") ?? id} - ${id}"` }))];
  return {
    Event: {
      uuid: uuidV5(DECNET_NAMESPACE, `misp:event:${g.key}`),
      info: g.info,
      date: day(first),
      threat_level_id: techniques.size > 0 ? '2' : '3',
      analysis: '2',
      distribution: '0',
      published: false,
      timestamp: secs(last),
      publish_timestamp: '0',
      Orgc: ORG,
      Attribute: attributes,
      Tag: tags,
    },
  };
}

export function mispExport(data: ExportData): Record<string, unknown> {
  const byIdentity = new Map<string, AttackerRow[]>();
  const groups: Group[] = [];
  for (const a of data.attackers) {
    const identity = data.identityOf.get(a.id);
    if (identity) byIdentity.set(identity, [...(byIdentity.get(identity) ?? []), a]);
    else groups.push({ key: `attacker:${a.id}`, info: `DECNET-TS honeypot activity from ${a.ip}`, attackers: [a] });
  }
  for (const [id, members] of byIdentity) groups.push({ key: `identity:${id}`, info: `DECNET-TS identity ${id.slice(0, 12)} (${members.length} addresses)`, attackers: members });
  const events = groups.map((g) => mispEvent(g, data));
  if (data.scope.kind === 'fleet') return { response: events };
  // An attacker or identity export is one event (an attacker inside an identity exports as itself).
  if (data.scope.kind === 'attacker') return mispEvent({ key: `attacker:${data.scope.id}`, info: `DECNET-TS honeypot activity from ${data.attackers[0]!.ip}`, attackers: data.attackers }, data);
  return mispEvent({ key: `identity:${data.scope.id}`, info: `DECNET-TS identity ${data.scope.id.slice(0, 12)} (${data.attackers.length} addresses)`, attackers: data.attackers }, data);
}
