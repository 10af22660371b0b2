// Folds a batch of newly stored events into attackers, sessions, credentials, reuse findings and
// artifacts with multi-row atomic upserts (INSERT ... ON CONFLICT DO UPDATE with increments and
// JSON set unions), so many stateless instances can ingest at once without losing updates. Each
// upsert is written once and runs multi-row (driver batch) or as a prepared single row (native).
import type { ServiceEvent } from '@decnet/protocol';
import { q, type RawSql } from '../../db/raw-sql';
import type { AppDeps } from '../../deps';
import { aggregate, ATTACKER_HINTS_MAX, IAT_MAX_S, SESSION_COMMANDS_MAX, type AttackerDelta, type BatchAggregate, type CredentialDelta, type FingerprintDelta, type HostBatch, type SessionDelta } from './aggregate';
import { tuple, type Upsert } from './upsert';
import { canaryPassivePlan } from '../canaries/passive-fold';
import { attackPlan } from '../attack/fold-plan';
import { enrichmentRows, enrichmentUpsert } from '../enrichment/fold-enrichment';
import { webhookFactPlan } from '../webhooks/fold-facts';

const json = (v: Iterable<string> | unknown[]) => JSON.stringify(Array.isArray(v) ? v : [...v]);
/**
 * SQL: the union of two JSON string arrays (optionally capped). The common case (`b` is one element
 * already in `a`, e.g. an attacker's known service) keeps `a` without building a new set. A capped
 * set that is full stays as it is: the password every attacker tries has its 1,000 attacker
 * addresses, and rebuilding that set for each batch that tries it again cost more than the rest
 * of the batch's fold together.
 */
const union = (a: RawSql, b: RawSql, cap?: number) =>
  q`(CASE WHEN ${a} = ${b}${cap ? q` OR json_array_length(${a}) >= ${q.raw(String(cap))}` : q.raw('')} OR (json_array_length(${b}) = 1 AND EXISTS (SELECT 1 FROM json_each(${a}) WHERE value = json_extract(${b}, '$[0]'))) THEN ${a}
     ELSE (SELECT json_group_array(value) FROM (SELECT value FROM json_each(${a}) UNION SELECT value FROM json_each(${b})${q.raw(cap ? ` LIMIT ${cap}` : '')})) END)`;

type ArtifactDelta = BatchAggregate['artifacts'][number];
type Rollup = [hourMs: number, decky: string, service: string, eventType: string, count: number];

const attackerUpsert: Upsert<AttackerDelta> = {
  columns: 19,
  values: (a) => [a.id, a.ip, a.firstMs, a.lastMs, a.events, a.connects, a.auths, a.commands, a.requests, a.credentials, a.artifacts, json(a.services), json(a.deckies), json(a.phases), json(a.hints), a.lastType, a.iatCount, a.iatSum, a.iatSumSq],
  statement: (values) => {
    // The gap between the stored last sighting and this batch's first event is one more interval.
    const gap = q`((excluded.first_seen_ms - attackers.last_seen_ms) / 1000.0)`;
    const gapOk = q`(excluded.first_seen_ms >= attackers.last_seen_ms AND ${gap} <= ${IAT_MAX_S})`;
    return q`INSERT INTO attackers (id, ip, first_seen_ms, last_seen_ms, event_count, connect_count, auth_count, command_count, request_count, credential_count, artifact_count, services_json, deckies_json, phases_json, client_hints_json, last_event_type, iat_count, iat_sum_s, iat_sum_sq_s)
      VALUES ${values}
      ON CONFLICT(ip) DO UPDATE SET
        first_seen_ms = min(attackers.first_seen_ms, excluded.first_seen_ms),
        last_seen_ms = max(attackers.last_seen_ms, excluded.last_seen_ms),
        event_count = attackers.event_count + excluded.event_count,
        connect_count = attackers.connect_count + excluded.connect_count,
        auth_count = attackers.auth_count + excluded.auth_count,
        command_count = attackers.command_count + excluded.command_count,
        request_count = attackers.request_count + excluded.request_count,
        credential_count = attackers.credential_count + excluded.credential_count,
        artifact_count = attackers.artifact_count + excluded.artifact_count,
        services_json = ${union(q`attackers.services_json`, q`excluded.services_json`)},
        deckies_json = ${union(q`attackers.deckies_json`, q`excluded.deckies_json`)},
        phases_json = ${union(q`attackers.phases_json`, q`excluded.phases_json`)},
        client_hints_json = ${union(q`attackers.client_hints_json`, q`excluded.client_hints_json`, ATTACKER_HINTS_MAX)},
        last_event_type = CASE WHEN excluded.last_seen_ms >= attackers.last_seen_ms THEN excluded.last_event_type ELSE attackers.last_event_type END,
        iat_count = attackers.iat_count + excluded.iat_count + CASE WHEN ${gapOk} THEN 1 ELSE 0 END,
        iat_sum_s = attackers.iat_sum_s + excluded.iat_sum_s + CASE WHEN ${gapOk} THEN ${gap} ELSE 0 END,
        iat_sum_sq_s = attackers.iat_sum_sq_s + excluded.iat_sum_sq_s + CASE WHEN ${gapOk} THEN ${gap} * ${gap} ELSE 0 END`;
  },
};

const sessionUpsert: Upsert<SessionDelta> = {
  columns: 11,
  values: (s) => [s.id, s.attackerId, s.ip, s.decky, s.service, s.startMs, s.lastMs, s.endMs, s.events, s.commands.length, JSON.stringify(s.commands)],
  statement: (values) => q`INSERT INTO sessions (id, attacker_id, src_ip, decky, service, started_at_ms, last_seen_ms, ended_at_ms, event_count, command_count, commands_json)
      VALUES ${values}
      ON CONFLICT(id) DO UPDATE SET
        started_at_ms = min(sessions.started_at_ms, excluded.started_at_ms),
        last_seen_ms = max(sessions.last_seen_ms, excluded.last_seen_ms),
        ended_at_ms = coalesce(excluded.ended_at_ms, sessions.ended_at_ms),
        event_count = sessions.event_count + excluded.event_count,
        command_count = sessions.command_count + excluded.command_count,
        commands_json = (SELECT json_group_array(json(v)) FROM (SELECT v FROM (
          SELECT 0 AS s, key AS k, value AS v FROM json_each(sessions.commands_json)
          UNION ALL SELECT 1, key, value FROM json_each(excluded.commands_json)) ORDER BY s, k LIMIT ${q.raw(String(SESSION_COMMANDS_MAX))}))`,
};

const credentialUpsert: Upsert<CredentialDelta> = {
  columns: 12,
  values: (c) => [c.id, c.sha, c.kind, c.principal, c.printable, c.b64, c.outcome, c.attempts, c.firstMs, c.lastMs, json(c.targets), json(c.ips)],
  statement: (values) => q`INSERT INTO credentials (id, secret_sha256, kind, principal, secret_printable, secret_b64, outcome, attempts, first_seen_ms, last_seen_ms, targets_json, attacker_ips_json)
      VALUES ${values}
      ON CONFLICT(secret_sha256, kind, principal) DO UPDATE SET
        outcome = CASE WHEN credentials.outcome = 'success' OR excluded.outcome = 'success' THEN 'success' ELSE coalesce(excluded.outcome, credentials.outcome) END,
        attempts = credentials.attempts + excluded.attempts,
        first_seen_ms = min(credentials.first_seen_ms, excluded.first_seen_ms),
        last_seen_ms = max(credentials.last_seen_ms, excluded.last_seen_ms),
        targets_json = ${union(q`credentials.targets_json`, q`excluded.targets_json`, 1000)},
        attacker_ips_json = ${union(q`credentials.attacker_ips_json`, q`excluded.attacker_ips_json`, 1000)}`,
};

/** Reuse findings: the touched credentials (by id) that now reach two or more targets. */
const reuseUpsert: Upsert<CredentialDelta> = {
  columns: 1,
  values: (c) => [c.id],
  statement: (ids, now) => q`INSERT INTO credential_reuse (id, secret_sha256, kind, principal, secret_printable, target_count, attempts, targets_json, attacker_ips_json, first_seen_ms, last_seen_ms, detected_at_ms)
      SELECT id, secret_sha256, kind, principal, secret_printable, json_array_length(targets_json), attempts, targets_json, attacker_ips_json, first_seen_ms, last_seen_ms, ${now}
      FROM credentials WHERE id IN (${ids}) AND json_array_length(targets_json) >= 2
      ON CONFLICT(id) DO UPDATE SET target_count = excluded.target_count, attempts = excluded.attempts, targets_json = excluded.targets_json,
        attacker_ips_json = excluded.attacker_ips_json, last_seen_ms = excluded.last_seen_ms`,
};

const artifactUpsert: Upsert<ArtifactDelta> = {
  columns: 10,
  values: (a) => [a.id, a.sha256, a.size, a.name, a.decky, a.service, a.attackerId, a.ip, a.storedAs, a.tsMs],
  statement: (values) => q`INSERT INTO artifacts (id, sha256, size, name, decky, service, attacker_id, src_ip, stored_as, ts_ms) VALUES ${values} ON CONFLICT(id) DO NOTHING`,
};

const fingerprintUpsert: Upsert<FingerprintDelta> = {
  columns: 6,
  values: (f) => [f.attackerId, f.kind, f.value, f.firstMs, f.lastMs, f.count],
  statement: (values) => q`INSERT INTO attacker_fingerprints (attacker_id, kind, value, first_seen_ms, last_seen_ms, count) VALUES ${values}
      ON CONFLICT(attacker_id, kind, value) DO UPDATE SET first_seen_ms = min(attacker_fingerprints.first_seen_ms, excluded.first_seen_ms),
        last_seen_ms = max(attacker_fingerprints.last_seen_ms, excluded.last_seen_ms), count = attacker_fingerprints.count + excluded.count`,
};

const rollupUpsert: Upsert<Rollup> = {
  columns: 5,
  values: (r) => r,
  statement: (values) => q`INSERT INTO event_rollups (hour_ms, decky, service, event_type, count) VALUES ${values}
      ON CONFLICT(hour_ms, decky, service, event_type) DO UPDATE SET count = event_rollups.count + excluded.count`,
};

/** Every upsert of a batch, in the order they must run (reuse after credentials), with its rows. */
export type FoldPlan = [Upsert<never>, unknown[]][];

/** The plan for newly stored events: one agent's batch, or several folded as one. */
export function foldPlan(batches: HostBatch[]): FoldPlan {
  const agg = aggregate(batches);
  const events = batches.length === 1 ? batches[0]!.events : batches.flatMap((b) => b.events);
  const rollups = [...agg.rollups.entries()].map(([k, n]): Rollup => {
    const [h, d, s, t] = k.split('\u0000') as [string, string, string, string];
    return [Number(h), d, s, t, n];
  });
  const credentials = [...agg.credentials.values()];
  const plan: [Upsert<never>, unknown[]][] = [
    [attackerUpsert, [...agg.attackers.values()]],
    [sessionUpsert, [...agg.sessions.values()]],
    [credentialUpsert, credentials],
    [reuseUpsert, credentials],
    [artifactUpsert, agg.artifacts],
    [rollupUpsert, rollups],
    [fingerprintUpsert, [...agg.fingerprints.values()]],
    ...canaryPassivePlan(credentials, events),
    [enrichmentUpsert, enrichmentRows(agg)],
    ...attackPlan(agg),
    ...webhookFactPlan(agg, events),
  ] as FoldPlan;
  return plan.filter(([, rows]) => rows.length > 0);
}

/** Builds every statement that folds `events` (all newly stored) into the aggregates, multi-row. */
export function foldStatements(deps: AppDeps, hostId: string, events: ServiceEvent[]): RawSql[] {
  const limit = deps.sqlParamLimit;
  const now = deps.now();
  const out: RawSql[] = [];
  for (const [u, rows] of foldPlan([{ hostId, events }]) as [Upsert<unknown>, unknown[]][]) {
    // Parameters outside the VALUES rows (constants, the clock) count against the limit too.
    const fixed = u.statement(tuple(u.values(rows[0])), now).args.length - u.columns;
    const perStatement = Math.max(1, Math.floor((limit - fixed) / u.columns));
    for (let i = 0; i < rows.length; i += perStatement) {
      out.push(u.statement(q.join(rows.slice(i, i + perStatement).map((r) => tuple(u.values(r)))), now));
    }
  }
  return out;
}

export { SESSION_COMMANDS_MAX };
