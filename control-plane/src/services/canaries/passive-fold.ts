// Passive credential tokens at ingest: a credential in the batch whose principal or secret is a live
// token's match value records a `credential` trigger, its `canary.triggered` webhook fact and the
// token's counters, in the ingest's own transaction. JS keeps only long values (every match value is
// at least 20 characters), so the usual short passwords cost nothing. SSH public keys offered to a
// decky (logged by fingerprint, no secret) are matched the same way against ssh_key tokens.
import { FactTopics, type ServiceEvent } from '@decnet/protocol';
import { q, type RawSql } from '../../db/raw-sql';
import { attackerIdFor, type CredentialDelta } from '../intel/aggregate';
import type { Upsert } from '../intel/upsert';

const MIN_MATCH_CHARS = 20;
const KEY_FINGERPRINT_RE = /^SHA256:[A-Za-z0-9+/]{43}$/;
/** [credential id, principal, secret, first ip, attacker id, target ("decky/service"), first ms] */
type Row = [string, string, string, string | null, string | null, string, number];

const [TOPIC_HEAD, TOPIC_TAIL] = FactTopics.canaryTriggered('TOKENID').split('TOKENID') as [string, string];
const matches = (values: RawSql) =>
  q`FROM (VALUES ${values}) AS d JOIN canary_match_values v ON v.value IN (d.column2, d.column3) JOIN canary_tokens t ON t.id = v.token_id AND t.revoked_at_ms IS NULL`;
const triggerId = q`(v.token_id || ':' || d.column1 || ':' || d.column7)`;

const triggerInsert: Upsert<Row> = {
  columns: 7,
  values: (r) => r,
  statement: (values) => q`INSERT INTO canary_triggers (id, token_id, via, ts_ms, src_ip, attacker_id, headers_json, decky, service, principal)
    SELECT DISTINCT ${triggerId}, v.token_id, 'credential', d.column7, d.column4, d.column5, '{}',
      substr(d.column6, 1, instr(d.column6, '/') - 1), substr(d.column6, instr(d.column6, '/') + 1), substr(d.column2, 1, 256)
    ${matches(values)} WHERE 1 ON CONFLICT(id) DO NOTHING`,
};

const factInsert: Upsert<Row> = {
  columns: 7,
  values: (r) => r,
  statement: (values, now) => q`INSERT INTO webhook_outbox (id, topic, type, ts_ms, payload_json, created_at_ms)
    SELECT DISTINCT 'canary.triggered:' || tr.id, ${TOPIC_HEAD} || tr.token_id || ${TOPIC_TAIL}, 'canary.triggered', tr.ts_ms,
      json_object('triggerId', tr.id, 'tokenId', tr.token_id, 'memo', t.memo, 'generator', t.generator, 'kind', t.kind, 'via', 'credential',
        'srcIp', tr.src_ip, 'attackerId', tr.attacker_id, 'decky', tr.decky, 'service', tr.service, 'principal', tr.principal), ${now}
    ${matches(values)} JOIN canary_triggers tr ON tr.id = ${triggerId} WHERE 1 ON CONFLICT(id) DO NOTHING`,
};

const counterUpdate: Upsert<Row> = {
  columns: 7,
  values: (r) => r,
  statement: (values) => q`UPDATE canary_tokens SET trigger_count = (SELECT count(*) FROM canary_triggers c WHERE c.token_id = canary_tokens.id),
      last_triggered_ms = (SELECT max(c.ts_ms) FROM canary_triggers c WHERE c.token_id = canary_tokens.id)
    WHERE id IN (SELECT v.token_id ${matches(values)})`,
};

/** Public keys offered in the batch (ssh auth_attempt by key_fingerprint), one row per event. */
function offeredKeyRows(events: ServiceEvent[]): Row[] {
  const rows: Row[] = [];
  for (const e of events) {
    const fp = e.fields['key_fingerprint'];
    if (e.eventType !== 'auth_attempt' || !fp || !KEY_FINGERPRINT_RE.test(fp)) continue;
    const principal = (e.fields['principal'] ?? e.fields['username'] ?? '').slice(0, 256);
    rows.push([e.id, principal, fp, e.srcIp ?? null, e.srcIp ? attackerIdFor(e.srcIp) : null, `${e.decky}/${e.service}`, Date.parse(e.ts)]);
  }
  return rows;
}

/** The fold entries (one line in foldPlan): long credentials and offered SSH keys of the batch against live tokens. */
export function canaryPassivePlan(credentials: CredentialDelta[], events: ServiceEvent[] = []): [Upsert<never>, unknown[]][] {
  const rows: Row[] = offeredKeyRows(events);
  for (const c of credentials) {
    if (c.printable.length < MIN_MATCH_CHARS && c.principal.length < MIN_MATCH_CHARS) continue;
    const ip = c.ips.values().next().value ?? null;
    rows.push([c.id, c.principal, c.printable, ip, ip ? attackerIdFor(ip) : null, c.targets.values().next().value ?? '/', c.firstMs]);
  }
  return [[triggerInsert, rows], [factInsert, rows], [counterUpdate, rows]] as [Upsert<never>, unknown[]][];
}
