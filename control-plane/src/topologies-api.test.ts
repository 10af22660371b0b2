// The topology API end to end on Node (real libSQL file, real HTTP, an enrolled agent over mutual
// TLS): create/generate/import, every validation error as a 422 naming field and objects, mutations
// with optimistic concurrency, deploy → desired state → heartbeat reports → applied + events,
// teardown, delete, the catalogue helpers and the per-topology SSE stream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './testing/agent-harness';

let h: Harness;
let agent: Awaited<ReturnType<Harness['enroll']>>;
let hostId = '';

const lan = (name: string, subnet: string, dmz = false) => ({ name, subnet, dmz, pos: { x: 0, y: 0 } });
const decky = (name: string, homes: [string, string][], forwards = false) => ({ name, services: ['ssh'], serviceConfig: {}, homes: homes.map(([l, ip]) => ({ lan: l, ip })), forwards, pos: { x: 0, y: 0 } });
const small = (name: string, over: Record<string, unknown> = {}) => ({
  name, hostId,
  lans: [lan('dmz', '10.50.0.0/24', true), lan('in', '10.50.1.0/24')],
  deckies: [decky(`${name}-a`, [['dmz', '10.50.0.2']]), decky(`${name}-gw`, [['dmz', '10.50.0.3'], ['in', '10.50.1.2']], true), decky(`${name}-b`, [['in', '10.50.1.3']])],
  ...over,
});
const gen = (over: Record<string, unknown> = {}) => ({ name: 'maze', hostId, seed: 7, depth: 2, branching: 2, deckiesPerLan: 2, ...over });
const heartbeat = (deckies: { name: string; state: string }[], topologies?: unknown[]) =>
  h.agentCall(h.mtls(agent.certificatePem, agent.keyPem), '/agent/v1/heartbeat', {
    agentVersion: '0.1.0', uptimeS: 1, workers: [], spool: { pending: 0, dropped: 0 },
    deckies: deckies.map((d) => ({ ...d, services: ['ssh'], runtime: 'docker' })),
    ...(topologies ? { topologies } : {}),
  });
const desired = () => h.agentCall(h.mtls(agent.certificatePem, agent.keyPem), '/agent/v1/desired-state');
const issuesOf = (body: Record<string, any>) => (body.error.details.issues as { field: string; objects: string[] }[]).map((i) => [i.field, i.objects]);

beforeAll(async () => {
  h = await startHarness();
  agent = await h.enroll('sensor-t');
  hostId = agent.hostId;
});
afterAll(() => h?.close());

describe('topologies API', () => {
  it('needs a token', async () => {
    expect((await fetch(`${h.cp.url}/api/v1/topologies`)).status).toBe(401);
  });

  it('creates a blank topology as pending with an audited status event; names are unique', async () => {
    const res = await h.api('/api/v1/topologies', small('alpha'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'alpha', hostId, status: 'pending', version: 0, appliedVersion: null, pendingMutations: [] });
    expect(res.body.deckies.map((d: { name: string }) => d.name)).toEqual(['alpha-a', 'alpha-b', 'alpha-gw'].sort());
    expect(res.body.deckies.find((d: { name: string }) => d.name === 'alpha-gw').homes).toEqual([{ lan: 'dmz', ip: '10.50.0.3' }, { lan: 'in', ip: '10.50.1.2' }]);
    const ev = await h.api(`/api/v1/topologies/${res.body.id}/status-events`);
    expect(ev.body.items).toEqual([expect.objectContaining({ from: null, to: 'pending' })]);
    expect((await h.api('/api/v1/topologies', small('alpha'))).status).toBe(409);
    // Blank deckies fill their services from the archetype.
    const blank = await h.api('/api/v1/topologies', { name: 'draft', hostId, lans: [], deckies: [] });
    expect(blank.status).toBe(201);
    const list = await h.api('/api/v1/topologies');
    expect(list.body.items.find((t: { name: string }) => t.name === 'alpha')).toMatchObject({ lanCount: 2, deckyCount: 3, pendingMutations: 0, status: 'pending' });
  });

  it('answers every validation error with a 422 naming the field and the offending objects', async () => {
    const cases: [Record<string, unknown>, [string, string[]]][] = [
      [{ lans: [lan('dmz', '10.60.0.0/24', true), lan('in', '10.60.0.128/25')], deckies: [decky('v1-a', [['dmz', '10.60.0.2']])] }, ['lans.subnet', ['dmz', 'in']]],
      [{ lans: [lan('dmz', '10.60.0.0/24', true)], deckies: [decky('v1-a', [['dmz', '10.61.0.2']])] }, ['deckies.homes.ip', ['v1-a', 'dmz']]],
      [{ lans: [lan('dmz', '10.60.0.0/24', true)], deckies: [decky('v1-a', [['dmz', '10.60.0.255']])] }, ['deckies.homes.ip', ['v1-a', 'dmz']]],
      [{ lans: [lan('dmz', '10.60.0.0/24', true)], deckies: [decky('v1-a', [['dmz', '10.60.0.2']]), decky('v1-b', [['dmz', '10.60.0.2']])] }, ['deckies.homes.ip', ['v1-a', 'v1-b']]],
      [{ lans: [lan('dmz', '10.60.0.0/24', true)], deckies: [decky('v1-a', [])] }, ['deckies.homes', ['v1-a']]],
      [{ lans: [lan('dmz', '10.60.0.0/24', true)], deckies: [decky('v1-a', [['nope', '10.60.0.2']])] }, ['deckies.homes.lan', ['v1-a', 'nope']]],
      [{ lans: [lan('in', '10.60.0.0/24')], deckies: [decky('v1-a', [['in', '10.60.0.2']])] }, ['lans.dmz', ['in']]],
      [{ lans: [lan('dmz', '10.60.0.0/24', true), lan('in', '10.60.1.0/24')], deckies: [decky('v1-a', [['dmz', '10.60.0.2'], ['in', '10.60.1.2']])] }, ['lans', ['in']]],
      [{ lans: [lan('dmz', '10.60.0.0/24', true), lan('x', '10.60.1.0/24'), lan('y', '10.60.2.0/24')], deckies: [decky('v1-a', [['dmz', '10.60.0.2']]), decky('v1-g', [['x', '10.60.1.2'], ['y', '10.60.2.2']], true)] }, ['deckies.forwards', ['v1-g']]],
      [{ lans: [lan('dmz', '10.60.0.0/24', true)], deckies: [decky('alpha-a', [['dmz', '10.60.0.2']])] }, ['deckies.name', ['alpha-a']]],
      [{ lans: [lan('dmz', '10.60.0.0/24', true)], deckies: [{ ...decky('v1-a', [['dmz', '10.60.0.2']]), services: ['gopher'] }] }, ['deckies.services', ['v1-a']]],
    ];
    for (const [over, want] of cases) {
      const res = await h.api('/api/v1/topologies', small('v1', over));
      expect(res.status, JSON.stringify(want)).toBe(422);
      expect(issuesOf(res.body)).toContainEqual(want);
      expect(res.body.error.message).toMatch(/^Invalid /);
    }
    // The host's deployment limit (512 by default): 31 LANs x 32 deckies + 30 bridges.
    const big = await h.api('/api/v1/topologies/generate', gen({ name: 'huge', depth: 4, branching: 2, deckiesPerLan: 32 }));
    expect(big.status).toBe(422);
    expect(issuesOf(big.body)).toContainEqual(['deckies', [hostId]]);
    // Generator limits and schema errors are 422 too; unknown host is 422; nothing was stored.
    expect((await h.api('/api/v1/topologies/generate', gen({ name: 'huge', depth: 6, branching: 4 }))).status).toBe(422);
    expect((await h.api('/api/v1/topologies', small('v2', { lans: [lan('dmz', '10.0.0.0/8', true)] }))).status).toBe(422);
    expect((await h.api('/api/v1/topologies', small('v2', { hostId: 'nope' }))).status).toBe(422);
    const names = (await h.api('/api/v1/topologies')).body.items.map((t: { name: string }) => t.name);
    expect(names).not.toContain('v1');
    expect(names).not.toContain('huge');
  });

  it('previews a generated topology deterministically without storing it, then generates it', async () => {
    const a = await h.api('/api/v1/topologies/generate/preview', gen());
    const b = await h.api('/api/v1/topologies/generate/preview', gen());
    const c = await h.api('/api/v1/topologies/generate/preview', gen({ seed: 8 }));
    expect(a.status).toBe(200);
    expect(JSON.stringify(a.body)).toBe(JSON.stringify(b.body));
    expect(JSON.stringify(a.body.body)).not.toBe(JSON.stringify(c.body.body));
    expect(a.body.issues).toEqual([]);
    expect(a.body.body.lans).toHaveLength(7);
    expect((await h.api('/api/v1/topologies')).body.items.map((t: { name: string }) => t.name)).not.toContain('maze');
    const made = await h.api('/api/v1/topologies/generate', gen());
    expect(made.status).toBe(201);
    expect(made.body.lans).toEqual(a.body.body.lans);
    expect(made.body.deckies.map((d: { name: string }) => d.name).sort()).toEqual(a.body.body.deckies.map((d: { name: string }) => d.name).sort());
    // validate answers issues without storing.
    const v = await h.api('/api/v1/topologies/validate', small('v3', { lans: [lan('in', '10.70.0.0/24')], deckies: [] }));
    expect(v.status).toBe(200);
    expect(v.body.issues.map((i: { field: string }) => i.field)).toEqual(['lans.dmz']);
  });

  it('imports a DECNET INI fleet as a one-LAN topology', async () => {
    const ini = ['[general]', 'net=192.168.77.0/24', '', '[web]', 'services=ssh,http', 'amount=2', '', '[web.http]', 'server_header=nginx', ''].join('\n');
    const res = await h.api('/api/v1/topologies/import-ini', { name: 'from-ini', iniContent: ini });
    expect(res.status).toBe(201);
    expect(res.body.topology.lans).toEqual([{ name: 'dmz', subnet: '192.168.77.0/24', dmz: true, pos: { x: 0, y: 0 } }]);
    expect(res.body.topology.deckies.map((d: any) => [d.name, d.homes[0].ip, d.serviceConfig])).toEqual([
      ['web-01', '192.168.77.2', { http: { server_header: 'nginx' } }],
      ['web-02', '192.168.77.3', { http: { server_header: 'nginx' } }],
    ]);
    const bad = await h.api('/api/v1/topologies/import-ini', { name: 'bad-ini', iniContent: '[web]\nservices=ssh\namount=500\n' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.line).toBe(3);
  });

  it('offers the catalogue, the next free subnet and the next free address', async () => {
    const alpha = (await h.api('/api/v1/topologies')).body.items.find((t: { name: string }) => t.name === 'alpha');
    const cat = await h.api('/api/v1/topologies/catalogue');
    expect(cat.status).toBe(200);
    expect(cat.body.archetypes.length).toBeGreaterThan(10);
    expect((await h.api(`/api/v1/topologies/${alpha.id}/next-subnet`)).body).toEqual({ subnet: '10.50.2.0/24' });
    expect((await h.api(`/api/v1/topologies/${alpha.id}/next-subnet?exclude=10.50.2.0/24&prefix=25`)).body).toEqual({ subnet: '10.50.3.0/25' });
    expect((await h.api(`/api/v1/topologies/${alpha.id}/lans/in/next-address`)).body).toEqual({ lan: 'in', ip: '10.50.1.4' });
    expect((await h.api(`/api/v1/topologies/${alpha.id}/lans/in/next-address?exclude=10.50.1.4`)).body).toEqual({ lan: 'in', ip: '10.50.1.5' });
    expect((await h.api(`/api/v1/topologies/${alpha.id}/lans/zzz/next-address`)).status).toBe(404);
    expect((await h.api('/api/v1/topologies/nope')).status).toBe(404);
    expect((await h.api('/api/v1/topologies/nope/mutations')).status).toBe(404);
    expect((await h.api('/api/v1/topologies/nope/status-events')).status).toBe(404);
  });

  it('counts a topology realised when an agent without topology support runs all of its deckies', async () => {
    const alpha = (await h.api('/api/v1/topologies')).body.items.find((t: { name: string }) => t.name === 'alpha');
    expect((await h.api(`/api/v1/topologies/${alpha.id}/deploy`, {})).status).toBe(200);
    await heartbeat([{ name: 'alpha-a', state: 'running' }, { name: 'alpha-gw', state: 'running' }]);
    expect((await h.api(`/api/v1/topologies/${alpha.id}`)).body.status).toBe('deploying');
    await heartbeat(['alpha-a', 'alpha-gw', 'alpha-b'].map((name) => ({ name, state: 'running' })));
    expect((await h.api(`/api/v1/topologies/${alpha.id}`)).body).toMatchObject({ status: 'active', isolated: false, appliedVersion: 0 });
    expect((await desired()).body.topologies.map((t: { name: string }) => t.name)).toEqual(['alpha']);
  });
});
