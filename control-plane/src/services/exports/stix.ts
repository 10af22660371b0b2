// STIX 2.1 bundle of an export (inventory §8.6): addresses as ipv4-addr/ipv6-addr SCOs inside
// observed-data, identities (or a lone address) as threat-actor, techniques as attack-pattern with
// `uses` relationships, each tag as a sighting, captured files as file SCOs. Every id is deterministic.
import { ATTACK_RELEASE, attackTechnique } from '@decnet/protocol';
import type { AttackerRow } from '../../db/schema';
import type { ExportData } from './gather';
import { scoId, stixId, uuidV5, DECNET_NAMESPACE } from './ids';

type StixObject = Record<string, unknown> & { type: string; id: string };

/** Fixed creation time of our organisation object, so its id and body never change. */
const ORG_CREATED = '2026-01-01T00:00:00.000Z';
export const DECNET_ORG_ID = stixId('identity', 'decnet-ts-organization');
const MAX_TEXT = 512;
const iso = (ms: number) => new Date(ms).toISOString();
/** Attacker text (file names, evidence) goes into values only, bounded. */
const bound = (s: string, n = MAX_TEXT) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function common(type: string, id: string, createdMs: number, modifiedMs: number) {
  return { type, spec_version: '2.1', id, created: iso(createdMs), modified: iso(Math.max(createdMs, modifiedMs)), created_by_ref: DECNET_ORG_ID };
}

const addressSco = (ip: string): StixObject => {
  const type = ip.includes(':') ? 'ipv6-addr' : 'ipv4-addr';
  return { type, spec_version: '2.1', id: scoId(type, { value: ip }), value: ip };
};

function actorFor(a: AttackerRow, data: ExportData): { id: string; key: string } {
  const identity = data.identityOf.get(a.id);
  return identity ? { id: stixId('threat-actor', `identity:${identity}`), key: identity } : { id: stixId('threat-actor', `attacker:${a.id}`), key: a.id };
}

export function stixBundle(data: ExportData): Record<string, unknown> {
  const objects = new Map<string, StixObject>();
  const put = (o: StixObject) => objects.set(o.id, o);
  put({ type: 'identity', spec_version: '2.1', id: DECNET_ORG_ID, created: ORG_CREATED, modified: ORG_CREATED, name: 'DECNET-TS deception network', identity_class: 'organization' });
  const byId = new Map(data.attackers.map((a) => [a.id, a]));

  for (const i of data.identities) {
    put({ ...common('threat-actor', stixId('threat-actor', `identity:${i.id}`), i.firstSeenMs, i.lastSeenMs), name: `DECNET identity ${i.id.slice(0, 12)}`, description: `Addresses clustered as one actor by DECNET-TS (${i.memberCount} members).`, threat_actor_types: ['unknown'], first_seen: iso(i.firstSeenMs), last_seen: iso(Math.max(i.firstSeenMs, i.lastSeenMs)) });
  }
  const filesOf = new Map<string, string[]>();
  for (const f of data.artifacts) {
    const id = scoId('file', { hashes: { 'SHA-256': f.sha256 } });
    const name = f.name ? bound(f.name.split('/').pop() || f.name, 255) : undefined;
    if (!objects.has(id)) put({ type: 'file', spec_version: '2.1', id, hashes: { 'SHA-256': f.sha256 }, size: f.size, ...(name ? { name } : {}) });
    const list = filesOf.get(f.attackerId!) ?? [];
    if (list.length < 1000 && !list.includes(id)) list.push(id);
    filesOf.set(f.attackerId!, list);
  }
  const observedOf = new Map<string, string>();
  for (const a of data.attackers) {
    const sco = addressSco(a.ip);
    put(sco);
    const od = stixId('observed-data', `attacker:${a.id}`);
    observedOf.set(a.id, od);
    put({ ...common('observed-data', od, a.firstSeenMs, a.lastSeenMs), first_observed: iso(a.firstSeenMs), last_observed: iso(Math.max(a.firstSeenMs, a.lastSeenMs)), number_observed: Math.min(999_999_999, Math.max(1, a.eventCount)), object_refs: [sco.id, ...(filesOf.get(a.id) ?? [])] });
    if (!data.identityOf.has(a.id)) {
      put({ ...common('threat-actor', actorFor(a, data).id, a.firstSeenMs, a.lastSeenMs), name: `Attacker ${a.ip}`, threat_actor_types: ['unknown'], first_seen: iso(a.firstSeenMs), last_seen: iso(Math.max(a.firstSeenMs, a.lastSeenMs)) });
    }
  }
  const uses = new Map<string, { actor: string; pattern: string; first: number; last: number }>();
  for (const t of data.tags) {
    const a = byId.get(t.attackerId);
    if (!a) continue;
    const tech = attackTechnique(t.techniqueId);
    const pattern = stixId('attack-pattern', `mitre:${t.techniqueId}`);
    if (!objects.has(pattern)) {
      put({
        ...common('attack-pattern', pattern, Date.parse(ORG_CREATED), Date.parse(ORG_CREATED)),
        name: tech?.fullName ?? t.techniqueId,
        external_references: [{ source_name: 'mitre-attack', external_id: t.techniqueId, ...(tech ? { url: tech.url } : {}) }],
        kill_chain_phases: (tech?.tactics ?? [t.tactic]).map((phase_name) => ({ kill_chain_name: 'mitre-attack', phase_name })),
        x_decnet_attack_release: ATTACK_RELEASE,
      });
    }
    const actor = actorFor(a, data).id;
    const key = `${actor}|${pattern}`;
    const u = uses.get(key);
    if (u) (u.first = Math.min(u.first, t.firstSeenMs), (u.last = Math.max(u.last, t.lastSeenMs)));
    else uses.set(key, { actor, pattern, first: t.firstSeenMs, last: t.lastSeenMs });
    put({
      ...common('sighting', stixId('sighting', `tag:${t.id}`), t.firstSeenMs, t.lastSeenMs),
      sighting_of_ref: pattern,
      observed_data_refs: [observedOf.get(a.id)!],
      where_sighted_refs: [DECNET_ORG_ID],
      first_seen: iso(t.firstSeenMs),
      last_seen: iso(Math.max(t.firstSeenMs, t.lastSeenMs)),
      count: Math.min(999_999_999, Math.max(1, t.count)),
      confidence: Math.round(Math.min(1, Math.max(0, t.confidence)) * 100),
      description: bound(`Rule ${t.ruleId} v${t.ruleVersion} (${t.source}) on ${t.decky ?? '-'}/${t.service ?? '-'}: ${t.evidenceJson}`),
    });
  }
  for (const u of uses.values()) {
    put({ ...common('relationship', stixId('relationship', `uses:${u.actor}:${u.pattern}`), u.first, u.last), relationship_type: 'uses', source_ref: u.actor, target_ref: u.pattern });
  }
  const scopeKey = data.scope.kind === 'fleet' ? 'fleet' : `${data.scope.kind}:${data.scope.id}`;
  // The bundle id changes with the content's time, the objects' ids never do.
  return { type: 'bundle', id: `bundle--${uuidV5(DECNET_NAMESPACE, `bundle:${scopeKey}:${data.asOfMs}`)}`, objects: [...objects.values()] };
}
