// Read side of identities and campaigns: list, detail (members, edges with their evidence, change
// log), campaign detail with its identities and phases over time. Attacker data stays data.
import type { CampaignDetail, CampaignPage, CampaignSummary, IdentityDetail, IdentityLogEntry, IdentityMember, IdentityPage, IdentitySummary } from '@decnet/protocol';
import type { AppDeps } from '../../deps';
import { q, type RawSql } from '../../db/raw-sql';
import { AppError } from '../../errors';
import { phasesOf } from '../intel/phases';

type Row = unknown[];
const iso = (ms: unknown) => new Date(Number(ms)).toISOString();
const str = (v: unknown) => (v == null ? null : String(v));
function json<T>(text: unknown, fallback: T): T {
  try {
    return JSON.parse(String(text)) as T;
  } catch {
    return fallback;
  }
}

const IDENTITY_COLS = q`i.id, i.member_count, i.first_seen_ms, i.last_seen_ms, i.formed_at_ms, i.updated_at_ms, i.summary_json, (SELECT campaign_id FROM campaign_members cm WHERE cm.identity_id = i.id)`;

function toIdentity(r: Row): IdentitySummary {
  const s = json<{ ips?: string[]; fingerprints?: string[]; countries?: string[]; asns?: string[] }>(r[6], {});
  return { id: String(r[0]), memberCount: Number(r[1]), firstSeen: iso(r[2]), lastSeen: iso(r[3]), formedAt: iso(r[4]), updatedAt: iso(r[5]), ips: s.ips ?? [], fingerprints: s.fingerprints ?? [], countries: s.countries ?? [], asns: s.asns ?? [], campaignId: str(r[7]) };
}

async function one(deps: AppDeps, st: RawSql): Promise<Row[]> {
  const [r] = await deps.rawBatch([st]);
  return r?.rows ?? [];
}

export interface IdentityListQuery {
  limit: number;
  offset: number;
  attackerId?: string | undefined;
  ip?: string | undefined;
  campaignId?: string | undefined;
}

export async function listIdentities(deps: AppDeps, f: IdentityListQuery): Promise<IdentityPage> {
  const where: RawSql[] = [q`1 = 1`];
  if (f.attackerId) where.push(q`i.id IN (SELECT identity_id FROM identity_members WHERE attacker_id = ${f.attackerId})`);
  if (f.ip) where.push(q`i.id IN (SELECT m.identity_id FROM identity_members m JOIN attackers a ON a.id = m.attacker_id WHERE a.ip = ${f.ip})`);
  if (f.campaignId) where.push(q`i.id IN (SELECT identity_id FROM campaign_members WHERE campaign_id = ${f.campaignId})`);
  const w = q.join(where, ' AND ');
  const [items, total] = await deps.rawBatch([
    q`SELECT ${IDENTITY_COLS} FROM identities i WHERE ${w} ORDER BY i.last_seen_ms DESC, i.id LIMIT ${f.limit} OFFSET ${f.offset}`,
    q`SELECT count(*) FROM identities i WHERE ${w}`,
  ]);
  return { items: items!.rows.map(toIdentity), total: Number(total!.rows[0]?.[0] ?? 0) };
}

async function identityRow(deps: AppDeps, id: string): Promise<IdentitySummary> {
  const [r] = await one(deps, q`SELECT ${IDENTITY_COLS} FROM identities i WHERE i.id = ${id}`);
  if (!r) throw new AppError('not_found', 'No such identity');
  return toIdentity(r);
}

export async function identityMembers(deps: AppDeps, id: string): Promise<IdentityMember[]> {
  await identityRow(deps, id);
  const hasEnrichment = (await one(deps, q`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attacker_enrichment'`)).length > 0;
  const enrich = hasEnrichment ? q`(SELECT country FROM attacker_enrichment e WHERE e.attacker_id = a.id), (SELECT asn FROM attacker_enrichment e WHERE e.attacker_id = a.id)` : q`NULL, NULL`;
  const rows = await one(deps, q`SELECT a.id, a.ip, a.first_seen_ms, a.last_seen_ms, a.event_count, ${enrich}, m.joined_at_ms FROM identity_members m JOIN attackers a ON a.id = m.attacker_id WHERE m.identity_id = ${id} ORDER BY a.first_seen_ms, a.id LIMIT 1000`);
  return rows.map((r) => ({ attackerId: String(r[0]), ip: String(r[1]), firstSeen: iso(r[2]), lastSeen: iso(r[3]), eventCount: Number(r[4]), country: str(r[5]), asn: str(r[6]), joinedAt: iso(r[7]) }));
}

const toLog = (r: Row): IdentityLogEntry => ({ seq: Number(r[0]), type: String(r[1]), identityId: str(r[2]), campaignId: str(r[3]), actor: str(r[4]), ts: iso(r[5]), payload: json<Record<string, unknown>>(r[6], {}) });
export const LOG_COLS = q.raw('seq, type, identity_id, campaign_id, actor, ts_ms, payload_json');

export async function identityDetail(deps: AppDeps, id: string): Promise<IdentityDetail> {
  const identity = await identityRow(deps, id);
  const members = await identityMembers(deps, id);
  const ipOf = new Map(members.map((m) => [m.attackerId, m.ip]));
  const [edges, log] = await deps.rawBatch([
    q`SELECT a_id, b_id, weight, manual, evidence_json FROM identity_edges WHERE a_id IN (SELECT attacker_id FROM identity_members WHERE identity_id = ${id}) ORDER BY weight DESC, a_id, b_id LIMIT 500`,
    q`SELECT ${LOG_COLS} FROM identity_log WHERE identity_id = ${id} ORDER BY seq DESC LIMIT 100`,
  ]);
  return {
    identity,
    members,
    edges: edges!.rows.map((r) => ({ a: String(r[0]), b: String(r[1]), aIp: ipOf.get(String(r[0])) ?? null, bIp: ipOf.get(String(r[1])) ?? null, weight: Number(r[2]), manual: Number(r[3]) === 1, evidence: json(r[4], []) })),
    log: log!.rows.map(toLog),
  };
}

const toCampaign = (r: Row): CampaignSummary => ({
  id: String(r[0]), identityCount: Number(r[1]), firstSeen: iso(r[2]), lastSeen: iso(r[3]), formedAt: iso(r[4]), updatedAt: iso(r[5]),
  evidenceKinds: [...new Set(json<{ evidence?: { kind: string }[] }[]>(r[6], []).flatMap((e) => (e.evidence ?? []).map((x) => x.kind)))].sort(),
});
const CAMPAIGN_COLS = q.raw('id, identity_count, first_seen_ms, last_seen_ms, formed_at_ms, updated_at_ms, evidence_json');

export async function listCampaigns(deps: AppDeps, f: { limit: number; offset: number }): Promise<CampaignPage> {
  const [items, total] = await deps.rawBatch([
    q`SELECT ${CAMPAIGN_COLS} FROM campaigns ORDER BY last_seen_ms DESC, id LIMIT ${f.limit} OFFSET ${f.offset}`,
    q`SELECT count(*) FROM campaigns`,
  ]);
  return { items: items!.rows.map(toCampaign), total: Number(total!.rows[0]?.[0] ?? 0) };
}

export async function campaignDetail(deps: AppDeps, id: string): Promise<CampaignDetail> {
  const [r] = await one(deps, q`SELECT ${CAMPAIGN_COLS} FROM campaigns WHERE id = ${id}`);
  if (!r) throw new AppError('not_found', 'No such campaign');
  const identities = (await listIdentities(deps, { limit: 500, offset: 0, campaignId: id })).items;
  const sessions = await one(deps, q`SELECT m.identity_id, s.decky, s.started_at_ms, s.commands_json FROM sessions s JOIN identity_members m ON m.attacker_id = s.attacker_id WHERE m.identity_id IN (SELECT identity_id FROM campaign_members WHERE campaign_id = ${id}) AND s.command_count > 0 ORDER BY s.started_at_ms LIMIT 500`);
  const phases = sessions.map((s) => {
    const set = new Set<string>();
    for (const c of json<{ cmd?: unknown }[]>(s[3], [])) if (typeof c?.cmd === 'string') for (const p of phasesOf('command', { cmd: c.cmd })) set.add(p);
    return { identityId: String(s[0]), decky: String(s[1]), ts: iso(s[2]), phases: [...set].sort() };
  });
  return { campaign: toCampaign(r), identities, edges: json(r[6], []), phases };
}
