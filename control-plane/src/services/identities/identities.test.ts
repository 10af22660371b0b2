// Identity resolution over generated scenario fixtures in real libSQL: pairwise precision/recall per
// scenario (printed as a table), determinism, manual merges/splits surviving re-clustering, and a
// second run over the same data changing nothing.
import { afterAll, describe, expect, it } from 'vitest';
import { q } from '../../db/raw-sql';
import type { AppDeps } from '../../deps';
import { memoryDeps } from '../../testing/memory-deps';
import { attackerIdOf, pairwise, scenarios, seedScenario, type Scenario } from '../../testing/identity-scenarios';
import { mergeIdentities, unmergeAttacker } from './manual';
import { runIdentities } from './run';

async function members(deps: AppDeps): Promise<Map<string, string>> {
  const [r] = await deps.rawBatch([q`SELECT attacker_id, identity_id FROM identity_members ORDER BY attacker_id`]);
  return new Map(r!.rows.map((x) => [String(x[0]), String(x[1])]));
}

async function count(deps: AppDeps, table: string): Promise<number> {
  const [r] = await deps.rawBatch([q.raw(`SELECT count(*) FROM ${table}`)]);
  return Number(r!.rows[0]![0]);
}

const rows: Record<string, string | number>[] = [];
const fmt = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));

describe('identity resolution scenarios', () => {
  afterAll(() => console.info(`identity resolution, pairwise precision/recall per scenario:\n${rows.map((r) => Object.values(r).join('\t')).join('\n')}`));
  const all = scenarios();
  const byName = new Map(all.map((s) => [s.name, s]));
  const results = new Map<string, { s: Scenario; deps: AppDeps; m: Map<string, string> }>();

  async function scenario(name: string) {
    const hit = results.get(name);
    if (hit) return hit;
    const s = byName.get(name)!;
    const deps = await memoryDeps();
    await seedScenario(deps, s);
    const run = await runIdentities(deps);
    expect(run.ran).toBe(true);
    const m = await members(deps);
    const pr = pairwise(s, m);
    if (!rows.length) rows.push({ scenario: 'scenario', addresses: 'addresses', identities: 'identities', tp: 'tp', fp: 'fp', fn: 'fn', precision: 'precision', recall: 'recall' });
    rows.push({ scenario: name, addresses: s.actors.reduce((n, a) => n + a.addresses.length, 0), identities: run.identities, tp: pr.tp, fp: pr.fp, fn: pr.fn, precision: fmt(pr.precision), recall: fmt(pr.recall) });
    const out = { s, deps, m };
    results.set(name, out);
    return out;
  }

  it('shared wordlist: different clients with the same wordlist and bot script do not merge', async () => {
    const { s, m } = await scenario('shared_wordlist');
    const pr = pairwise(s, m);
    expect(pr.fp).toBe(0);
    expect(pr.recall).toBe(1); // each actor's own two addresses (same client) still join
  });

  it('VPN hopping: eight exits of one client become one identity', async () => {
    const { s, m } = await scenario('vpn_hopping');
    const hopper = s.actors.find((a) => a.name === 'hopper')!.addresses.map((a) => m.get(attackerIdOf(a.ip)));
    expect(new Set(hopper).size).toBe(1);
    expect(hopper[0]).toBeDefined();
    expect(pairwise(s, m)).toMatchObject({ fp: 0, fn: 0 });
  });

  it('lone wolf: its own commands, passwords and network join two addresses without any fingerprint', async () => {
    const { s, m } = await scenario('lone_wolf');
    expect(pairwise(s, m)).toMatchObject({ tp: 1, fp: 0, fn: 0 });
  });

  it('multi-operator: a shared C2 does not merge different clients, but makes them one campaign', async () => {
    const { s, m, deps } = await scenario('multi_operator');
    expect(pairwise(s, m)).toMatchObject({ fp: 0, fn: 0 });
    const ids = s.actors.slice(0, 2).map((a) => m.get(attackerIdOf(a.addresses[0]!.ip))!);
    const [cm] = await deps.rawBatch([q`SELECT identity_id, campaign_id FROM campaign_members ORDER BY identity_id`]);
    const campaign = new Map(cm!.rows.map((r) => [String(r[0]), String(r[1])]));
    expect(campaign.get(ids[0]!)).toBeDefined();
    expect(campaign.get(ids[0]!)).toBe(campaign.get(ids[1]!));
    const [ev] = await deps.rawBatch([q`SELECT evidence_json FROM campaigns`]);
    expect(String(ev!.rows[0]![0])).toContain('shared_infrastructure');
  });

  it('noise floor: background scanners with a library JA3 and top passwords stay unclustered', async () => {
    const { deps, m } = await scenario('noise_floor');
    expect(m.size).toBe(0);
    expect(await count(deps, 'identities')).toBe(0);
  });

  it('paused campaign: back after 40 days with a new SSH client but the same TLS client and payload', async () => {
    const { s, m } = await scenario('paused_campaign');
    expect(pairwise(s, m)).toMatchObject({ tp: 6, fp: 0, fn: 0 });
  });

  it('slow burn: ten addresses over two months fetching from one host', async () => {
    const { s, m } = await scenario('slow_burn');
    expect(pairwise(s, m)).toMatchObject({ tp: 45, fp: 0, fn: 0 });
  });

  it('a second run over the same data changes nothing; re-clustering from scratch gives the same ids', async () => {
    const { deps, m } = await scenario('vpn_hopping');
    const logBefore = await count(deps, 'identity_log');
    const again = await runIdentities(deps, { force: true });
    expect(again).toMatchObject({ ran: true, changes: 0 });
    expect(await count(deps, 'identity_log')).toBe(logBefore);
    const fresh = await memoryDeps();
    await seedScenario(fresh, byName.get('vpn_hopping')!);
    await runIdentities(fresh);
    expect(await members(fresh)).toEqual(m);
    const unforced = await runIdentities(deps);
    expect(unforced.ran).toBe(false); // nothing changed since the cursor
  });

  it('manual merges and splits survive re-clustering, each logged with who did it, merges and splits as webhook facts', async () => {
    const { deps, s } = await scenario('shared_wordlist');
    const m0 = await members(deps);
    const [a, b] = s.actors.slice(0, 2).map((x) => m0.get(attackerIdOf(x.addresses[0]!.ip))!);
    expect(a).not.toBe(b);
    const merged = await mergeIdentities(deps, { into: a!, from: b! }, 'alice');
    expect(merged.run.ran).toBe(true);
    const m1 = await members(deps);
    const four = s.actors.slice(0, 2).flatMap((x) => x.addresses.map((y) => m1.get(attackerIdOf(y.ip))));
    expect(new Set(four)).toEqual(new Set([merged.identityId]));
    await runIdentities(deps, { force: true });
    expect(await members(deps)).toEqual(m1);
    const [log] = await deps.rawBatch([q`SELECT type, actor FROM identity_log WHERE type = 'identity.merged'`]);
    expect(log!.rows).toContainEqual(['identity.merged', 'alice']);
    const [fact] = await deps.rawBatch([q`SELECT count(*) FROM webhook_outbox WHERE type = 'identity.merged'`]);
    expect(Number(fact!.rows[0]![0])).toBe(1);

    const out = attackerIdOf(s.actors[2]!.addresses[1]!.ip);
    const home = m1.get(out)!;
    await unmergeAttacker(deps, home, out, 'bob');
    expect((await members(deps)).has(out)).toBe(false);
    await runIdentities(deps, { force: true });
    expect((await members(deps)).has(out)).toBe(false);
    const [un, unFact] = await deps.rawBatch([q`SELECT actor FROM identity_log WHERE type = 'identity.unmerged'`, q`SELECT id, payload_json FROM webhook_outbox WHERE type = 'identity.unmerged'`]);
    expect(un!.rows).toContainEqual(['bob']);
    // A webhook fact in the split's own transaction, with a deterministic id (the run's log id).
    expect(unFact!.rows).toHaveLength(1);
    expect(String(unFact!.rows[0]![0])).toMatch(/^identity\.unmerged:[0-9a-f]{32}:\d+$/);
    // Two members: splitting one dissolves the identity, both addresses leave it.
    const payload = JSON.parse(String(unFact!.rows[0]![1])) as { removed: string[] };
    expect(payload).toMatchObject({ identityId: home, dissolved: true, memberCount: 0, actor: 'bob' });
    expect(payload.removed).toContain(s.actors[2]!.addresses[1]!.ip);
  });
});
