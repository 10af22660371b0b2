// Loads every attacker's identity features from the intelligence tables in one batch of plain
// reads (raw rows, no ORM objects: 100,000 attackers must load in seconds). ASN and country come
// from the enrichment table (migration 0010) when it exists.
import type { AppDeps } from '../../deps';
import { q } from '../../db/raw-sql';
import { phasesOf } from '../intel/phases';
import { emptyFeatures, type AttackerFeatures } from './features';
import { infraOf, normalizeCommand } from './infra';

const SESSION_COMMANDS_USED = 50;
const COMMAND_CACHE_MAX = 100_000;
const YIELD_EVERY_ROWS = 5_000;

async function enrichment(deps: AppDeps): Promise<Map<string, { asn: string | null; country: string | null }>> {
  const out = new Map<string, { asn: string | null; country: string | null }>();
  const [tables] = await deps.rawBatch([q`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attacker_enrichment'`]);
  if (!tables?.rows.length) return out;
  const [rows] = await deps.rawBatch([q`SELECT attacker_id, asn, country FROM attacker_enrichment WHERE asn IS NOT NULL OR country IS NOT NULL`]);
  for (const r of rows?.rows ?? []) out.set(String(r[0]), { asn: r[1] == null ? null : String(r[1]), country: r[2] == null ? null : String(r[2]) });
  return out;
}

export async function loadFeatures(deps: AppDeps): Promise<AttackerFeatures[]> {
  const [att, fps, arts, sess, creds] = await deps.rawBatch([
    q`SELECT id, ip, first_seen_ms, last_seen_ms FROM attackers`,
    q`SELECT attacker_id, kind, value FROM attacker_fingerprints WHERE kind IN ('ja3', 'ja4', 'hassh') ORDER BY attacker_id, kind, value`,
    q`SELECT DISTINCT attacker_id, sha256 FROM artifacts WHERE attacker_id IS NOT NULL ORDER BY attacker_id, sha256`,
    q`SELECT attacker_id, decky, started_at_ms, commands_json FROM sessions WHERE command_count > 0 ORDER BY attacker_id, started_at_ms, id`,
    q`SELECT j.value, c.principal, c.secret_sha256 FROM credentials c, json_each(c.attacker_ips_json) j`,
  ]);
  const byId = new Map<string, AttackerFeatures>();
  const byIp = new Map<string, AttackerFeatures>();
  for (const r of att!.rows) {
    const f = emptyFeatures(String(r[0]), String(r[1]), Number(r[2]), Number(r[3]));
    byId.set(f.id, f);
    byIp.set(f.ip, f);
  }
  for (const [id, kind, value] of fps!.rows) {
    const f = byId.get(String(id));
    if (f) (f.fingerprints[String(kind)] ??= []).push(String(value));
  }
  for (const [id, sha] of arts!.rows) byId.get(String(id))?.payloads.push(String(sha));
  // Attackers repeat each other's commands (bots, wordlists): classify each distinct line once.
  const seen = new Map<string, { phases: string[]; infra: string[] }>();
  let processed = 0;
  for (const [id, decky, started, json] of sess!.rows) {
    // Let requests in between chunks: this runs on the same event loop as ingest.
    if (++processed % YIELD_EVERY_ROWS === 0) await new Promise((ok) => setTimeout(ok, 0));
    const f = byId.get(String(id));
    if (!f) continue;
    let cmds: { cmd?: unknown }[] = [];
    try {
      const parsed: unknown = JSON.parse(String(json));
      if (Array.isArray(parsed)) cmds = parsed.slice(0, SESSION_COMMANDS_USED) as { cmd?: unknown }[];
    } catch {
      continue;
    }
    const phases = new Set<string>();
    const infra = new Set(f.infra);
    for (const c of cmds) {
      if (typeof c?.cmd !== 'string') continue;
      const cmd = normalizeCommand(c.cmd);
      let meta = seen.get(cmd);
      if (!meta) {
        meta = { phases: phasesOf('command', { cmd }), infra: infraOf(cmd) };
        if (seen.size < COMMAND_CACHE_MAX) seen.set(cmd, meta);
      }
      for (const p of meta.phases) {
        phases.add(p);
        const list = (f.commandsByPhase[p] ??= []);
        if (!list.includes(cmd)) list.push(cmd);
      }
      for (const k of meta.infra) infra.add(k);
    }
    f.infra = [...infra];
    f.sessions.push({ decky: String(decky), startedAtMs: Number(started), phases: [...phases].sort() });
  }
  for (const [ip, principal, sha] of creds!.rows) {
    const f = byIp.get(String(ip));
    if (f) f.credentials.push(`${String(principal)}\u0000${String(sha)}`);
  }
  for (const [k, e] of await enrichment(deps)) {
    const f = byId.get(k);
    if (f) (f.asn = e.asn), (f.country = e.country);
  }
  for (const f of byId.values()) if (f.credentials.length) f.credentials = [...new Set(f.credentials)].sort();
  return [...byId.values()];
}
