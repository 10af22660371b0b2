// Loads attackers' identity features from the intelligence tables in one batch of plain reads (raw
// rows, no ORM objects: 100,000 attackers must load in seconds), all of them or a given set (the
// incremental run). ASN and country come from the enrichment table (migration 0010).
import type { AppDeps } from '../../deps';
import { q, RawSql } from '../../db/raw-sql';
import { phasesOf } from '../intel/phases';
import { emptyFeatures, type AttackerFeatures } from './features';
import { infraOf, normalizeCommand } from './infra';

const SESSION_COMMANDS_USED = 50;
const COMMAND_CACHE_MAX = 100_000;
const YIELD_EVERY_ROWS = 5_000;

/**
 * Ids per statement on a local file. Its statements run synchronously on the event loop: one over
 * the 20,000 attackers a fleet touched between two runs held it for 300 ms, and every agent's
 * request waited.
 */
const LOCAL_IDS_PER_STATEMENT = 1000;

/**
 * Rows of `head WHERE <column> IN (ids) tail` for every chunk of ids under the parameter limit (all
 * rows when ids is null). `scans`: the statement reads its whole table whatever the ids (no index on
 * the column), so more statements would repeat that work: its chunks stay as large as the limit.
 */
export async function selectIn(deps: AppDeps, head: string, column: string, ids: readonly string[] | null, tail = '', scans = false): Promise<unknown[][]> {
  if (ids === null) return (await deps.rawBatch([new RawSql(`${head} ${tail}`, [])]))[0]!.rows;
  const local = deps.syncSql !== undefined;
  const per = Math.max(1, Math.min(deps.sqlParamLimit - 1, local && !scans ? LOCAL_IDS_PER_STATEMENT : Infinity));
  const st: RawSql[] = [];
  for (let i = 0; i < ids.length; i += per) {
    const part = ids.slice(i, i + per);
    const where = head.includes(' WHERE ') ? ' AND ' : ' WHERE ';
    st.push(new RawSql(`${head}${where}${column} IN (${part.map(() => '?').join(', ')}) ${tail}`, part));
  }
  // A remote driver (D1, HTTP) takes them in one round trip; a local file one by one, with a turn of
  // the event loop between them.
  if (!local) return st.length ? (await deps.rawBatch(st)).flatMap((r) => r.rows) : [];
  const rows: unknown[][] = [];
  for (const [k, one] of st.entries()) {
    if (k > 0) await new Promise((ok) => setImmediate(ok));
    for (const r of (await deps.rawBatch([one]))[0]!.rows) rows.push(r);
  }
  return rows;
}

async function enrichment(deps: AppDeps, ids: readonly string[] | null): Promise<Map<string, { asn: string | null; country: string | null }>> {
  const out = new Map<string, { asn: string | null; country: string | null }>();
  const [tables] = await deps.rawBatch([q`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attacker_enrichment'`]);
  if (!tables?.rows.length) return out;
  const rows = await selectIn(deps, 'SELECT attacker_id, asn, country FROM attacker_enrichment WHERE (asn IS NOT NULL OR country IS NOT NULL)', 'attacker_id', ids);
  for (const r of rows) out.set(String(r[0]), { asn: r[1] == null ? null : String(r[1]), country: r[2] == null ? null : String(r[2]) });
  return out;
}

/** Features of every attacker, or of the given attacker ids (those that no longer exist are left out). */
export async function loadFeatures(deps: AppDeps, ids: readonly string[] | null = null): Promise<AttackerFeatures[]> {
  // A full run on a local file reads by id too, so its reads are as short as an incremental run's.
  if (ids === null && deps.syncSql) ids = (await deps.rawBatch([q`SELECT id FROM attackers ORDER BY id`]))[0]!.rows.map((r) => String(r[0]));
  if (ids !== null && !ids.length) return [];
  const att = await selectIn(deps, 'SELECT id, ip, first_seen_ms, last_seen_ms FROM attackers', 'id', ids);
  const fps = await selectIn(deps, "SELECT attacker_id, kind, value FROM attacker_fingerprints WHERE kind IN ('ja3', 'ja4', 'hassh')", 'attacker_id', ids, 'ORDER BY attacker_id, kind, value');
  const arts = await selectIn(deps, 'SELECT DISTINCT attacker_id, sha256 FROM artifacts WHERE attacker_id IS NOT NULL', 'attacker_id', ids, 'ORDER BY attacker_id, sha256');
  const sess = await selectIn(deps, 'SELECT attacker_id, decky, started_at_ms, commands_json FROM sessions WHERE command_count > 0', 'attacker_id', ids, 'ORDER BY attacker_id, started_at_ms, id');
  const ips = ids === null ? null : att.map((r) => String(r[1]));
  const creds = ips?.length === 0 ? [] : await selectIn(deps, 'SELECT j.value, c.principal, c.secret_sha256 FROM credentials c, json_each(c.attacker_ips_json) j', 'j.value', ips, '', true);
  const byId = new Map<string, AttackerFeatures>();
  const byIp = new Map<string, AttackerFeatures>();
  for (const r of att) {
    const f = emptyFeatures(String(r[0]), String(r[1]), Number(r[2]), Number(r[3]));
    byId.set(f.id, f);
    byIp.set(f.ip, f);
  }
  for (const [id, kind, value] of fps) {
    const f = byId.get(String(id));
    if (f) (f.fingerprints[String(kind)] ??= []).push(String(value));
  }
  for (const [id, sha] of arts) byId.get(String(id))?.payloads.push(String(sha));
  // Attackers repeat each other's commands (bots, wordlists): classify each distinct line once.
  const seen = new Map<string, { phases: string[]; infra: string[] }>();
  let processed = 0;
  for (const [id, decky, started, json] of sess) {
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
  for (const [ip, principal, sha] of creds) {
    const f = byIp.get(String(ip));
    if (f) f.credentials.push(`${String(principal)}\u0000${String(sha)}`);
  }
  for (const [k, e] of await enrichment(deps, ids)) {
    const f = byId.get(k);
    if (f) (f.asn = e.asn), (f.country = e.country);
  }
  for (const f of byId.values()) if (f.credentials.length) f.credentials = [...new Set(f.credentials)].sort();
  return [...byId.values()];
}
