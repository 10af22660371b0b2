// Webhook facts the ingest fold writes in the same batch as the aggregates (one plan entry each,
// appended after the attacker, credential, reuse and artifact upserts): new attacker (the upserted
// row holds exactly this batch's events), successful login, credential reuse found, file captured.
// Ids are deterministic, so a re-sent batch or a second instance adds nothing (ON CONFLICT DO NOTHING).
import { FactTopics, type ServiceEvent } from '@decnet/protocol';
import { q, type RawSql, type SqlArg } from '../../db/raw-sql';
import type { AttackerDelta, BatchAggregate, CredentialDelta } from '../intel/aggregate';
import type { Upsert } from '../intel/upsert';

const INSERT = q.raw('INSERT INTO webhook_outbox (id, topic, type, ts_ms, payload_json, created_at_ms)');
const PRINCIPAL_MAX = 128;

type Login = [eventId: string, ip: string, decky: string, service: string, principal: string, tsMs: number];
type Artifact = BatchAggregate['artifacts'][number];

/** `FROM (VALUES ...)` rows are column1..columnN; `WHERE true` keeps INSERT ... SELECT ... ON CONFLICT unambiguous. */
const fromValues = (values: RawSql) => q`FROM (VALUES ${values}) v`;

const newAttacker: Upsert<AttackerDelta> = {
  columns: 3,
  values: (a) => [a.ip, a.events, a.firstMs],
  statement: (values, now) => q`${INSERT}
    SELECT 'attacker.new:' || v.column1, ${FactTopics.attackerNew}, 'attacker.new', v.column3,
      json_object('attackerId', a.id, 'ip', a.ip, 'firstSeenMs', a.first_seen_ms, 'deckies', json(a.deckies_json), 'services', json(a.services_json)), ${now}
    ${fromValues(values)} JOIN attackers a ON a.ip = v.column1 WHERE a.event_count = v.column2 ON CONFLICT(id) DO NOTHING`,
};

const login: Upsert<Login> = {
  columns: 6,
  values: (l) => l,
  statement: (values, now) => q`${INSERT}
    SELECT 'attacker.login_succeeded:' || v.column1, ${FactTopics.attackerLogin}, 'attacker.login_succeeded', v.column6,
      json_object('eventId', v.column1, 'ip', v.column2, 'decky', v.column3, 'service', v.column4, 'principal', v.column5), ${now}
    ${fromValues(values)} WHERE true ON CONFLICT(id) DO NOTHING`,
};

const reuse: Upsert<CredentialDelta> = {
  columns: 1,
  values: (c) => [c.id],
  statement: (ids, now) => q`${INSERT}
    SELECT 'credential.reuse_detected:' || id, ${FactTopics.credentialReuse}, 'credential.reuse_detected', last_seen_ms,
      json_object('credentialId', id, 'kind', kind, 'principal', principal, 'targetCount', target_count, 'attackerCount', json_array_length(attacker_ips_json)), ${now}
    FROM credential_reuse WHERE id IN (${ids}) ON CONFLICT(id) DO NOTHING`,
};

const artifact: Upsert<Artifact> = {
  columns: 8,
  values: (a) => [a.id, a.sha256, a.size, a.name, a.decky, a.service, a.ip, a.tsMs] as SqlArg[],
  statement: (values, now) => q`${INSERT}
    SELECT 'artifact.captured:' || v.column1, ${FactTopics.artifactCaptured}, 'artifact.captured', v.column8,
      json_object('artifactId', v.column1, 'sha256', v.column2, 'size', v.column3, 'name', v.column4, 'decky', v.column5, 'service', v.column6, 'ip', v.column7), ${now}
    ${fromValues(values)} WHERE true ON CONFLICT(id) DO NOTHING`,
};

/** Successful authentications (universal credential shape, outcome=success), one per source/decky/service/principal. */
function logins(events: ServiceEvent[]): Login[] {
  const seen = new Map<string, Login>();
  for (const e of events) {
    const f = e.fields;
    if (f.outcome !== 'success' || f.secret_b64 === undefined || !e.srcIp) continue;
    const principal = (f.principal ?? f.username ?? '').slice(0, PRINCIPAL_MAX);
    const key = `${e.srcIp}\u0000${e.decky}\u0000${e.service}\u0000${principal}`;
    if (!seen.has(key)) seen.set(key, [e.id, e.srcIp, e.decky, e.service, principal, Date.parse(e.ts)]);
  }
  return [...seen.values()];
}

/** Plan entries for `foldPlan` (they must run after the attacker, reuse and artifact upserts). */
export function webhookFactPlan(agg: BatchAggregate, events: ServiceEvent[]): [Upsert<never>, unknown[]][] {
  return [
    [newAttacker, [...agg.attackers.values()]],
    [login, logins(events)],
    [reuse, [...agg.credentials.values()]],
    [artifact, agg.artifacts],
  ] as [Upsert<never>, unknown[]][];
}
