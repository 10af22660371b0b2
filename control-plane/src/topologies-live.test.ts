// Live topologies on Node (real libSQL file, an enrolled agent over mutual TLS): mutations with
// optimistic concurrency (stale → 409 with the current version, two concurrent batches → one wins),
// refused batches leaving nothing behind, deploy into the desired state, heartbeat reports turning
// mutations applied with decky_mutated events, degraded reports, live rules, teardown, delete, SSE.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './testing/agent-harness';

let h: Harness;
let agent: Awaited<ReturnType<Harness['enroll']>>;
let id = '';

const decky = (name: string, homes: [string, string][], forwards = false) => ({ name, services: ['ssh'], serviceConfig: {}, homes: homes.map(([lan, ip]) => ({ lan, ip })), forwards, pos: { x: 0, y: 0 } });
const heartbeat = (deckies: string[], topologies?: unknown[]) =>
  h.agentCall(h.mtls(agent.certificatePem, agent.keyPem), '/agent/v1/heartbeat', {
    agentVersion: '0.1.0', uptimeS: 1, workers: [], spool: { pending: 0, dropped: 0 },
    deckies: deckies.map((name) => ({ name, state: 'running', services: ['ssh'], runtime: 'docker' })),
    ...(topologies ? { topologies } : {}),
  });
const desired = () => h.agentCall(h.mtls(agent.certificatePem, agent.keyPem), '/agent/v1/desired-state');
const snap = () => h.api(`/api/v1/topologies/${id}`);
const mutate = (version: number, ops: unknown[], trigger = 'test') => h.api(`/api/v1/topologies/${id}/mutations`, { version, ops, trigger });

beforeAll(async () => {
  h = await startHarness();
  agent = await h.enroll('sensor-live');
  const made = await h.api('/api/v1/topologies', {
    name: 'live', hostId: agent.hostId,
    lans: [{ name: 'dmz', subnet: '10.80.0.0/24', dmz: true, pos: { x: 0, y: 0 } }, { name: 'in', subnet: '10.80.1.0/24', dmz: false, pos: { x: 0, y: 0 } }],
    deckies: [decky('live-a', [['dmz', '10.80.0.2']]), decky('live-gw', [['dmz', '10.80.0.3'], ['in', '10.80.1.2']], true), decky('live-b', [['in', '10.80.1.3']])],
  });
  expect(made.status).toBe(201);
  id = made.body.id;
  await h.api('/api/v1/deckies', { name: 'flat-1', services: ['ssh'] });
});
afterAll(() => h?.close());

describe('topology mutations and lifecycle', () => {
  it('applies a mutation on a pending topology at once; a stale version is a 409 with the current one', async () => {
    const ok = await mutate(0, [{ op: 'update_lan', lan: 'in', patch: { pos: { x: 10, y: 300 } } }]);
    expect(ok.status).toBe(202);
    expect(ok.body).toMatchObject({ version: 1, mutation: { baseVersion: 0, resultVersion: 1, status: 'applied', trigger: 'test' } });
    const stale = await mutate(0, [{ op: 'update_lan', lan: 'in', patch: { pos: { x: 0, y: 0 } } }]);
    expect(stale.status).toBe(409);
    expect(stale.body.error.details).toEqual({ currentVersion: 1 });
    expect((await snap()).body.lans[1].pos).toEqual({ x: 10, y: 300 });
  });

  it('of two concurrent batches against the same version one wins and the other gets 409', async () => {
    const [a, b] = await Promise.all([
      mutate(1, [{ op: 'add_decky', decky: decky('live-c', [['in', '10.80.1.4']]) }]),
      mutate(1, [{ op: 'add_decky', decky: decky('live-d', [['in', '10.80.1.5']]) }]),
    ]);
    expect([a.status, b.status].sort()).toEqual([202, 409]);
    expect((a.status === 409 ? a : b).body.error.details).toEqual({ currentVersion: 2 });
    const s = await snap();
    expect(s.body.version).toBe(2);
    expect(s.body.deckies.filter((d: { name: string }) => d.name === 'live-c' || d.name === 'live-d')).toHaveLength(1);
  });

  it('a refused batch (422) leaves the database unchanged', async () => {
    const before = await snap();
    const mutationsBefore = await h.api(`/api/v1/topologies/${id}/mutations`);
    const refused = await mutate(2, [
      { op: 'add_decky', decky: decky('live-e', [['in', '10.80.1.9']]) },
      { op: 'detach_decky', decky: 'live-gw', lan: 'dmz' }, // cuts the inner LAN off the DMZ
    ]);
    expect(refused.status).toBe(422);
    expect(refused.body.error.details.issues).toContainEqual(expect.objectContaining({ field: 'lans', objects: ['in'] }));
    expect((await mutate(2, [{ op: 'remove_decky', decky: 'ghost' }])).status).toBe(422);
    expect((await mutate(2, [{ op: 'add_decky', decky: decky('flat-1', [['dmz', '10.80.0.20']]) }])).body.error.details.issues[0]).toMatchObject({ field: 'deckies.name', objects: ['flat-1'] });
    expect((await snap()).body).toEqual(before.body);
    expect((await h.api(`/api/v1/topologies/${id}/mutations`)).body).toEqual(mutationsBefore.body);
    // The flat API leaves topology deckies alone.
    expect((await h.api('/api/v1/deckies/live-a', undefined, 'DELETE')).status).toBe(409);
  });

  it('keeps undeployed topology deckies out of the desired state; deploy puts them and the LANs in', async () => {
    expect((await desired()).body.deckies.map((d: { name: string }) => d.name)).toEqual(['flat-1']);
    expect((await desired()).body.topologies).toBeUndefined();
    const dep = await h.api(`/api/v1/topologies/${id}/deploy`, {});
    expect(dep.status).toBe(200);
    expect(dep.body.status).toBe('deploying');
    expect((await h.api(`/api/v1/topologies/${id}/deploy`, {})).status).toBe(409);
    const ds = (await desired()).body;
    expect(ds.deckies.map((d: { name: string; ip?: string }) => [d.name, d.ip])).toEqual(
      expect.arrayContaining([['flat-1', undefined], ['live-a', '10.80.0.2'], ['live-gw', '10.80.0.3']]),
    );
    expect(ds.topologies).toEqual([expect.objectContaining({ id, name: 'live', version: 2, lans: [{ name: 'dmz', subnet: '10.80.0.0/24', dmz: true }, { name: 'in', subnet: '10.80.1.0/24', dmz: false }] })]);
    expect(ds.topologies[0].members).toContainEqual({ decky: 'live-gw', homes: [{ lan: 'dmz', ip: '10.80.0.3' }, { lan: 'in', ip: '10.80.1.2' }], forwards: true });
    await heartbeat(['live-a'], [{ id, appliedVersion: 2, state: 'active', isolated: true }]);
    expect((await snap()).body).toMatchObject({ status: 'active', appliedVersion: 2, isolated: true });
    const events = (await h.api(`/api/v1/topologies/${id}/status-events`)).body.items.map((e: { from: string; to: string }) => `${e.from}>${e.to}`);
    expect(events).toEqual(['null>pending', 'pending>deploying', 'deploying>active']);
  });

  it('on a live topology refuses subnet/dmz changes and needs force to flip forwarding', async () => {
    const v = (await snap()).body.version;
    const sub = await mutate(v, [{ op: 'update_lan', lan: 'in', patch: { subnet: '10.80.9.0/24' } }]);
    expect(sub.status).toBe(422);
    expect(sub.body.error.message).toMatch(/subnet of a deployed topology/);
    expect((await mutate(v, [{ op: 'update_lan', lan: 'dmz', patch: { dmz: false } }])).status).toBe(422);
    const flip = await mutate(v, [{ op: 'update_decky', decky: 'live-a', patch: { forwards: true } }]);
    expect(flip.status).toBe(422);
    expect(flip.body.error.message).toMatch(/force/);
    expect((await mutate(v, [{ op: 'update_decky', decky: 'live-a', patch: { forwards: true }, force: true }])).status).toBe(202);
  });

  it('queues a live mutation, marks it applying when served and applied when reported, with decky_mutated events', async () => {
    const v = (await snap()).body.version;
    const m = await mutate(v, [{ op: 'add_decky', decky: decky('live-n', [['in', '10.80.1.20']]) }, { op: 'attach_decky', decky: 'live-b', home: { lan: 'dmz', ip: '10.80.0.30' } }], 'dashboard');
    expect(m.status).toBe(202);
    expect(m.body.mutation.status).toBe('pending');
    expect((await snap()).body.pendingMutations.map((x: { id: string }) => x.id)).toContain(m.body.mutation.id);
    const ds = (await desired()).body;
    expect(ds.topologies[0].version).toBe(v + 1);
    expect(ds.deckies.map((d: { name: string }) => d.name)).toContain('live-n');
    const listed = (await h.api(`/api/v1/topologies/${id}/mutations`)).body.items;
    expect(listed[0]).toMatchObject({ id: m.body.mutation.id, status: 'applying', trigger: 'dashboard', actor: 'admin' }); // who made it
    await heartbeat(['live-a', 'live-n'], [{ id, appliedVersion: v + 1, state: 'active', isolated: true }]);
    const after = (await h.api(`/api/v1/topologies/${id}/mutations`)).body.items;
    expect(after.filter((x: { status: string }) => x.status !== 'applied')).toEqual([]);
    expect(after[0].appliedAt).not.toBeNull();
    const ev = (await h.api('/api/v1/events?eventType=decky_mutated')).body.items;
    const mine = ev.filter((e: { fields: { mutation_id: string } }) => e.fields.mutation_id === m.body.mutation.id);
    expect(mine.map((e: { decky: string; service: string; fields: { op: string } }) => [e.decky, e.service, e.fields.op]).sort()).toEqual([['live-b', 'mutator', 'attach_decky'], ['live-n', 'mutator', 'add_decky']]);
    expect(mine[0].fields).toMatchObject({ topology: 'live', trigger: 'dashboard' });
    // A repeated report stores no second event.
    await heartbeat(['live-a'], [{ id, appliedVersion: v + 1, state: 'active', isolated: true }]);
    expect((await h.api('/api/v1/events?eventType=decky_mutated')).body.items).toHaveLength(ev.length);
  });

  it('a degraded report fails the pending mutations and degrades the topology with the reason', async () => {
    const v = (await snap()).body.version;
    const m = await mutate(v, [{ op: 'remove_decky', decky: 'live-n' }]);
    await heartbeat(['live-a'], [{ id, appliedVersion: v, state: 'degraded', error: 'docker: network connect failed', isolated: true }]);
    const s = (await snap()).body;
    expect(s).toMatchObject({ status: 'degraded', statusReason: 'docker: network connect failed', pendingMutations: [] });
    const row = (await h.api(`/api/v1/topologies/${id}/mutations`)).body.items.find((x: { id: string }) => x.id === m.body.mutation.id);
    expect(row).toMatchObject({ status: 'failed', error: 'docker: network connect failed' });
    await heartbeat(['live-a'], [{ id, appliedVersion: v + 1, state: 'active', isolated: true }]);
    expect((await snap()).body).toMatchObject({ status: 'active', statusReason: null });
  });

  it('streams a snapshot, then status and decky changes (SSE with a ticket)', async () => {
    const ticket = (await h.api('/api/v1/stream/ticket', {})).body.ticket as string;
    const res = await fetch(`${h.cp.url}/api/v1/topologies/${id}/stream?ticket=${ticket}`);
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const frames: { type: string; [k: string]: any }[] = [];
    let buf = '';
    const until = async (pred: () => boolean) => {
      while (!pred()) {
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buf += new TextDecoder().decode(value);
        const cut = buf.lastIndexOf('\n\n');
        if (cut < 0) continue;
        for (const f of buf.slice(0, cut).split('\n\n')) {
          const data = f.split('\n').find((l) => l.startsWith('data: '));
          if (data) frames.push(JSON.parse(data.slice(6)));
        }
        buf = buf.slice(cut + 2);
      }
    };
    await until(() => frames.length >= 1);
    expect(frames[0]).toMatchObject({ type: 'snapshot', snapshot: { id, status: 'active' } });
    await heartbeat(['live-b'], [{ id, appliedVersion: frames[0]!.snapshot.version, state: 'active', isolated: true }]);
    await until(() => frames.some((f) => f.type === 'decky' && f.name === 'live-b'));
    expect(frames.find((f) => f.type === 'decky' && f.name === 'live-b')).toMatchObject({ reported: { state: 'running' }, removed: false });
    await h.api(`/api/v1/topologies/${id}/teardown`, {});
    await until(() => frames.some((f) => f.type === 'status' && f.status === 'tearing_down'));
    await heartbeat([], [{ id, appliedVersion: 0, state: 'torn_down', isolated: true }]);
    await until(() => frames.some((f) => f.type === 'status' && f.status === 'torn_down'));
    await reader.cancel();
    const bearer = await h.raw(`/api/v1/topologies/${id}/stream`);
    expect(bearer.status).toBe(200);
    await bearer.body!.cancel();
    expect((await fetch(`${h.cp.url}/api/v1/topologies/${id}/stream`)).status).toBe(401);
  });

  it('after teardown the deckies leave the desired state; delete only when not running', async () => {
    expect((await desired()).body.deckies.map((d: { name: string }) => d.name)).toEqual(['flat-1']);
    expect((await desired()).body.topologies).toBeUndefined();
    const events = (await h.api(`/api/v1/topologies/${id}/status-events`)).body.items.map((e: { to: string }) => e.to);
    expect(events.slice(-2)).toEqual(['tearing_down', 'torn_down']);
    // A redeploy and delete of a running topology is refused; a torn-down one is deleted with its deckies.
    expect((await h.api(`/api/v1/topologies/${id}/deploy`, {})).status).toBe(200);
    expect((await h.api(`/api/v1/topologies/${id}`, undefined, 'DELETE')).status).toBe(409);
    await h.api(`/api/v1/topologies/${id}/teardown`, {});
    await heartbeat([]); // no topology report, and none of its deckies runs any more
    expect((await snap()).body.status).toBe('torn_down');
    expect((await h.api(`/api/v1/topologies/${id}`, undefined, 'DELETE')).status).toBe(204);
    expect((await snap()).status).toBe(404);
    expect((await h.api('/api/v1/deckies')).body.items.map((d: { name: string }) => d.name)).toEqual(['flat-1']);
  });
});
