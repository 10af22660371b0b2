// The stored inverted index over evidence keys (migration 0017): which addresses hold each key and
// how many, so an incremental run finds the candidates of changed addresses, and whether a key is
// common, without loading every attacker. A full run rewrites it; an incremental one applies deltas.
import { RawSql, type SqlArg } from '../../db/raw-sql';
import type { AppDeps } from '../../deps';
import { keysOf, type AttackerFeatures } from './features';
import { selectIn } from './load';
import { insertRows } from './sql-rows';

/**
 * A key as stored: the driver reads text only up to a NUL (credential keys hold one), so NUL and the
 * escape character are escaped (injective, so two keys never share a stored form).
 */
export const storedKey = (k: string): string => (k.includes('\u0000') || k.includes('\\') ? k.replace(/\\/g, '\\\\').replace(/\u0000/g, '\\0') : k);

/** An attacker's keys in stored form. */
export const keySetOf = (f: AttackerFeatures): Set<string> => new Set(keysOf(f).map(storedKey));

const KEYS_ATTACKER_INDEX = '`identity_keys_attacker_idx`';
/** Migration 0017's definition, word for word (key-index.test.ts compares them). */
export const KEYS_ATTACKER_INDEX_SQL = `CREATE INDEX ${KEYS_ATTACKER_INDEX} ON \`identity_keys\` (\`attacker_id\`)`;

/** The whole index from a full run's features and holder counts. */
export function rebuildIndexStatements(features: readonly AttackerFeatures[], holders: ReadonlyMap<string, number>, paramLimit: number): RawSql[] {
  // Rows in primary-key order, so each insert appends to the (key, attacker_id) b-tree instead of
  // landing on a random page of it.
  const byKey = new Map<string, string[]>();
  for (const f of features) for (const k of keySetOf(f)) (byKey.get(k) ?? byKey.set(k, []).get(k)!).push(f.id);
  const rows: SqlArg[][] = [];
  for (const k of [...byKey.keys()].sort()) for (const id of byKey.get(k)!.sort()) rows.push([k, id]);
  return [
    new RawSql('DELETE FROM identity_keys', []),
    new RawSql('DELETE FROM identity_key_counts', []),
    // ...and the attacker index is built once after them, by one sort. Together about half the CPU
    // of inserting 430,000 keys (a first run at 100,000 attackers) in attacker order into both
    // b-trees (neither alone helps). Same transaction: readers never see the table without it.
    new RawSql(`DROP INDEX IF EXISTS ${KEYS_ATTACKER_INDEX}`, []),
    ...insertRows('INSERT INTO identity_keys (key, attacker_id)', rows, '', paramLimit),
    new RawSql(KEYS_ATTACKER_INDEX_SQL, []),
    ...insertRows('INSERT INTO identity_key_counts (key, holders)', [...holders].map(([k, n]) => [storedKey(k), n]), '', paramLimit),
  ];
}

/** The keys the index holds for each of the given addresses. */
export async function indexedKeys(deps: AppDeps, attackerIds: readonly string[]): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>(attackerIds.map((id) => [id, new Set<string>()]));
  for (const [k, id] of await selectIn(deps, 'SELECT key, attacker_id FROM identity_keys', 'attacker_id', attackerIds)) out.get(String(id))?.add(String(k));
  return out;
}

/** Stored holder counts of keys not yet in `into` (absent keys count 0). */
export async function loadCounts(deps: AppDeps, keys: Iterable<string>, into: Map<string, number>): Promise<void> {
  const want = [...new Set(keys)].filter((k) => !into.has(k));
  for (const k of want) into.set(k, 0);
  for (const [k, n] of await selectIn(deps, 'SELECT key, holders FROM identity_key_counts', 'key', want)) into.set(String(k), Number(n));
}

/** Stored holders of each key. */
export async function loadHolders(deps: AppDeps, keys: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(keys.map((k) => [k, []]));
  for (const [k, id] of await selectIn(deps, 'SELECT key, attacker_id FROM identity_keys', 'key', keys, 'ORDER BY key, attacker_id')) out.get(String(k))?.push(String(id));
  return out;
}

export interface KeyDelta {
  /** key -> addresses that now hold it and did not */
  gained: Map<string, string[]>;
  /** key -> addresses that held it and no longer do */
  lost: Map<string, Set<string>>;
}

/** What changed in the index for the re-read addresses (missing features: the address is gone). */
export function keyDelta(before: ReadonlyMap<string, Set<string>>, after: ReadonlyMap<string, Set<string>>): KeyDelta {
  const gained = new Map<string, string[]>();
  const lost = new Map<string, Set<string>>();
  for (const [id, now] of after) {
    const was = before.get(id) ?? new Set<string>();
    for (const k of now) if (!was.has(k)) (gained.get(k) ?? gained.set(k, []).get(k)!).push(id);
    for (const k of was) if (!now.has(k)) (lost.get(k) ?? lost.set(k, new Set()).get(k)!).add(id);
  }
  return { gained, lost };
}

/** Statements that apply a delta; `counts` holds the stored count of every changed key. */
export function deltaStatements(d: KeyDelta, counts: ReadonlyMap<string, number>, paramLimit: number): RawSql[] {
  const st: RawSql[] = [];
  const lostPairs = [...d.lost].flatMap(([k, ids]) => [...ids].map((id) => [k, id]));
  const perPair = Math.max(1, Math.floor(paramLimit / 2));
  for (let i = 0; i < lostPairs.length; i += perPair) {
    const part = lostPairs.slice(i, i + perPair);
    st.push(new RawSql(`DELETE FROM identity_keys WHERE (key, attacker_id) IN (VALUES ${part.map(() => '(?, ?)').join(', ')})`, part.flat()));
  }
  st.push(...insertRows('INSERT INTO identity_keys (key, attacker_id)', [...d.gained].flatMap(([k, ids]) => ids.map((id) => [k, id])), 'ON CONFLICT DO NOTHING', paramLimit));
  const changed = new Set([...d.gained.keys(), ...d.lost.keys()]);
  const upserts: SqlArg[][] = [];
  const zero: string[] = [];
  for (const k of changed) {
    const n = (counts.get(k) ?? 0) + (d.gained.get(k)?.length ?? 0) - (d.lost.get(k)?.size ?? 0);
    if (n > 0) upserts.push([k, n]);
    else zero.push(k);
  }
  st.push(...insertRows('INSERT INTO identity_key_counts (key, holders)', upserts, 'ON CONFLICT(key) DO UPDATE SET holders = excluded.holders', paramLimit));
  for (let i = 0; i < zero.length; i += paramLimit) {
    const part = zero.slice(i, i + paramLimit);
    st.push(new RawSql(`DELETE FROM identity_key_counts WHERE key IN (${part.map(() => '?').join(', ')})`, part));
  }
  return st;
}
