// Fleet control on the Node runtime with a real libSQL file and mutual TLS (issue 19): commands ride
// in the desired state and are acked (pending -> done/failed), unknown workers and deckies are 422,
// the deployment limit refuses with 422, rotation defaults reach the deckies, a decommissioned host
// gets its last answer then 403, and site/host filters scope events, attackers, credentials and stats.
import { credentialFields } from '@decnet/protocol';
import type { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './testing/agent-harness';

let h: Harness;
type Enrolled = Awaited<ReturnType<Harness['enroll']>> & { d: Agent };
let north: Enrolled;
let south: Enrolled;

const heartbeat = (workers: string[]) => ({
  agentVersion: '0.1.0', uptimeS: 5, spool: { pending: 0, dropped: 0 }, deckies: [], bus: { connected: true },
  workers: workers.map((name, i) => ({ name, status: i === 0 ? 'degraded' : 'ok', lastSeenTs: new Date().toISOString(), state: 'running', restarts: i, ...(i === 0 && { message: 'bind: address in use' }) })),
});

async function enrollAt(hostName: string, site: string): Promise<Enrolled> {
  const tok = await h.api('/api/v1/hosts/enrollment-tokens', { hostName, site });
  expect(tok.status).toBe(201);
  expect(tok.body.site).toBe(site);
  const { csrPem, keyPem } = await h.newCsr();
  const res = await fetch(`${h.cp.url}/agent/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: tok.body.token, csrPem, hostname: hostName, agentVersion: '0.1.0' }) });
  expect(res.status).toBe(200);
  const e = (await res.json()) as Omit<Enrolled, 'd' | 'keyPem' | 'token' | 'csrPem'>;
  return { ...e, keyPem, token: tok.body.token, csrPem, d: h.mtls(e.certificatePem, keyPem) } as Enrolled;
}

beforeAll(async () => {
  h = await startHarness();
  north = await enrollAt('fc-north-1', 'North DC');
  south = await enrollAt('fc-south-1', 'south');
});
afterAll(() => h?.close());

describe('worker commands', () => {
  it('refuses an unknown worker (422) until the heartbeat names it; stopping the control channel is 422', async () => {
    const path = `/api/v1/hosts/${north.hostId}/commands`;
    const early = await h.api(path, { kind: 'worker', worker: 'collector', action: 'restart' });
    expect(early.status).toBe(422);
    expect(early.body.error.message).toMatch(/Unknown worker 'collector'.*not reported/);
    expect((await h.agentCall(north.d, '/agent/v1/heartbeat', heartbeat(['collector', 'bus', 'desired-state']))).status).toBe(200);
    const unknown = await h.api(path, { kind: 'worker', worker: 'sniffer', action: 'restart' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.message).toMatch(/runs: collector, bus, desired-state/);
    expect((await h.api(path, { kind: 'worker', worker: 'desired-state', action: 'stop' })).status).toBe(422);
    for (const body of [{ kind: 'worker', worker: 'bus', action: 'reboot' }, { kind: 'worker', worker: 'Bad Name', action: 'stop' }, { kind: 'nuke' }, { kind: 'rotate' }, { kind: 'worker', worker: 'bus', action: 'stop', x: 1 }]) {
      expect((await h.api(path, body)).status, JSON.stringify(body)).toBe(422);
    }
    expect((await h.api(`/api/v1/hosts/${crypto.randomUUID()}/commands`, { kind: 'worker', worker: 'bus', action: 'stop' })).status).toBe(404);
    expect((await h.api(`/api/v1/fleet/commands?hostId=${north.hostId}`)).body.items).toEqual([]);
  });

  it('queues a restart in the desired state under a new version; the ack makes it done, a failure keeps its error', async () => {
    const ds0 = (await h.agentCall(north.d, '/agent/v1/desired-state')).body;
    const held = h.agentCall(north.d, `/agent/v1/desired-state?sinceVersion=${ds0.version}&waitS=20`);
    const cmd = await h.api(`/api/v1/hosts/${north.hostId}/commands`, { kind: 'worker', worker: 'collector', action: 'restart' });
    expect(cmd.status).toBe(201);
    expect(cmd.body).toMatchObject({ hostId: north.hostId, kind: 'worker', target: 'collector', action: 'restart', status: 'pending', ackedAt: null });
    const ds1 = (await held).body;
    expect(ds1.version).toBe(ds0.version + 1);
    expect(ds1.commands).toEqual([{ id: cmd.body.id, kind: 'worker', worker: 'collector', action: 'restart' }]);
    const stop = (await h.api(`/api/v1/hosts/${north.hostId}/commands`, { kind: 'worker', worker: 'bus', action: 'stop' })).body;

    // Another host cannot ack north's commands.
    expect((await h.agentCall(south.d, '/agent/v1/acks', { acks: [{ id: cmd.body.id, ok: true }] })).body).toEqual({ ok: true, recorded: 0 });
    expect((await h.api(`/api/v1/fleet/commands/${cmd.body.id}`)).body.status).toBe('pending');

    const acked = await h.agentCall(north.d, '/agent/v1/acks', { acks: [{ id: cmd.body.id, ok: true, result: 'collector running' }, { id: stop.id, ok: false, error: 'bus: still draining' }] });
    expect(acked.body).toEqual({ ok: true, recorded: 2 });
    expect((await h.api(`/api/v1/fleet/commands/${cmd.body.id}`)).body).toMatchObject({ status: 'done', result: 'collector running', error: null, ackedAt: expect.any(String) });
    expect((await h.api(`/api/v1/fleet/commands/${stop.id}`)).body).toMatchObject({ status: 'failed', error: 'bus: still draining' });
    // Acked commands leave the desired state; a second ack does not change the outcome.
    expect((await h.agentCall(north.d, '/agent/v1/desired-state')).body).not.toHaveProperty('commands');
    expect((await h.agentCall(north.d, '/agent/v1/acks', { acks: [{ id: stop.id, ok: true }] })).body.recorded).toBe(0);
    expect((await h.api(`/api/v1/fleet/commands?hostId=${north.hostId}&status=failed`)).body.items.map((c: { id: string }) => c.id)).toEqual([stop.id]);
    expect((await h.agentCall(north.d, '/agent/v1/acks', { acks: [{ id: 'not-a-uuid', ok: true }] })).status).toBe(422);
  });

  it('reports worker health per host: ok / unknown, restarts, last error, bus connection', async () => {
    const list = (await h.api('/api/v1/fleet/workers')).body.items as Array<Record<string, any>>;
    const n = list.find((x) => x.hostId === north.hostId)!;
    expect(n).toMatchObject({ hostName: 'fc-north-1', site: 'North DC', busConnected: true, pendingCommands: 0 });
    expect(n.workers.find((w: { name: string }) => w.name === 'collector')).toMatchObject({ liveness: 'ok', status: 'degraded', restarts: 0, lastError: 'bind: address in use' });
    expect(n.workers.find((w: { name: string }) => w.name === 'bus')).toMatchObject({ liveness: 'ok', status: 'ok', restarts: 1 });
    expect(n.workers.find((w: { name: string }) => w.name === 'uplink')).toMatchObject({ liveness: 'unknown', status: null });
    const s = list.find((x) => x.hostId === south.hostId)!;
    expect(s.busConnected).toBeNull();
    expect(s.workers.every((w: { liveness: string }) => w.liveness === 'unknown')).toBe(true);
    expect((await h.api('/api/v1/fleet/workers?site=south')).body.items.map((x: { hostId: string }) => x.hostId)).toEqual([south.hostId]);
  });
});

describe('deckies: rotate now, deployment limit, rotation interval', () => {
  it('rotates only a decky of this host (else 422) and carries the command', async () => {
    expect((await h.api('/api/v1/deckies', { name: 'fc-web', services: ['ssh', 'http'], hostId: north.hostId })).status).toBe(201);
    expect((await h.api('/api/v1/deckies', { name: 'fc-db', services: ['mysql'], hostId: south.hostId })).status).toBe(201);
    const foreign = await h.api(`/api/v1/hosts/${north.hostId}/commands`, { kind: 'rotate', decky: 'fc-db' });
    expect(foreign.status).toBe(422);
    expect(foreign.body.error.message).toMatch(/No decky named 'fc-db' on this host/);
    const cmd = await h.api(`/api/v1/hosts/${north.hostId}/commands`, { kind: 'rotate', decky: 'fc-web' });
    expect(cmd.status).toBe(201);
    expect((await h.agentCall(north.d, '/agent/v1/desired-state')).body.commands).toEqual([{ id: cmd.body.id, kind: 'rotate', decky: 'fc-web' }]);
    await h.agentCall(north.d, '/agent/v1/acks', { acks: [{ id: cmd.body.id, ok: true, result: 'ssh,http -> ftp' }] });
  });

  it('refuses a write past the host limit with 422 and accepts one within it', async () => {
    const set = await h.api(`/api/v1/hosts/${south.hostId}/settings`, { maxDeckies: 2 }, 'PATCH');
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ maxDeckies: 2, site: 'south' });
    expect((await h.api('/api/v1/deckies', { name: 'fc-db2', services: ['redis'], hostId: south.hostId })).status).toBe(201);
    const over = await h.api('/api/v1/deckies', { name: 'fc-db3', services: ['redis'], hostId: south.hostId });
    expect(over.status).toBe(422);
    expect(over.body.error.message).toMatch(/at most 2 deckies/);
    expect((await h.api('/api/v1/deckies?hostId=' + south.hostId)).body.items).toHaveLength(2);
    // Replacing one that is already there is not an addition.
    expect((await h.api('/api/v1/deckies', { name: 'fc-db2', services: ['ftp'], hostId: south.hostId })).status).toBe(201);
    const ini = await h.api('/api/v1/deckies/deploy', { iniContent: '[fc-x1]\nservices = ssh\n\n[fc-x2]\nservices = ssh\n\n[fc-x3]\nservices = ssh\n', hostId: south.hostId, replaceFleet: true });
    expect(ini.status).toBe(422);
    expect((await h.api(`/api/v1/hosts/${south.hostId}/settings`, { maxDeckies: 'many' }, 'PATCH')).status).toBe(422);
    expect((await h.api(`/api/v1/hosts/${south.hostId}/settings`, { maxDeckies: null }, 'PATCH')).body.maxDeckies).toBeNull();
  });

  it('sends the fleet default rotation, a host override beats it, a decky interval beats both', async () => {
    expect((await h.api('/api/v1/deckies', { name: 'fc-own', services: ['ssh'], mutateIntervalMin: 7, hostId: north.hostId })).status).toBe(201);
    const v0 = (await h.agentCall(north.d, '/agent/v1/desired-state')).body;
    expect(v0.deckies.find((d: { name: string }) => d.name === 'fc-web').mutateIntervalMin).toBeUndefined();
    expect((await h.api('/api/v1/fleet/settings', { defaultRotationIntervalMin: 30 }, 'PUT')).body).toEqual({ defaultRotationIntervalMin: 30 });
    const v1 = (await h.agentCall(north.d, '/agent/v1/desired-state')).body;
    expect(v1.version).toBe(v0.version + 1);
    const interval = (ds: Record<string, any>, n: string) => (ds.deckies as Array<{ name: string; mutateIntervalMin?: number }>).find((d) => d.name === n)?.mutateIntervalMin;
    expect([interval(v1, 'fc-web'), interval(v1, 'fc-own')]).toEqual([30, 7]);
    expect((await h.api(`/api/v1/hosts/${north.hostId}/settings`, { rotationIntervalMin: 5 }, 'PATCH')).body.rotationIntervalMin).toBe(5);
    const v2 = (await h.agentCall(north.d, '/agent/v1/desired-state')).body;
    expect([v2.version, interval(v2, 'fc-web'), interval(v2, 'fc-own')]).toEqual([v1.version + 1, 5, 7]);
    expect((await h.api('/api/v1/fleet/settings', { defaultRotationIntervalMin: 0 }, 'PUT')).status).toBe(422);
    expect((await h.api('/api/v1/fleet/settings', { defaultRotationIntervalMin: null }, 'PUT')).body.defaultRotationIntervalMin).toBeNull();
    expect(interval((await h.agentCall(north.d, '/agent/v1/desired-state')).body, 'fc-web')).toBe(5);
  });
});

describe('sites and filters', () => {
  it('lists sites, edits a host site, and scopes events, attackers, credentials and stats by site and host', async () => {
    expect((await h.api('/api/v1/fleet/sites')).body.items).toEqual(['North DC', 'south']);
    for (const [name, host] of [['fc-s-web', north], ['fc-s-db', south]] as const) {
      expect((await h.api('/api/v1/deckies', { name, services: ['ssh'], hostId: host.hostId })).status).toBe(201);
    }
    let n = 0;
    const ev = (ip: string, decky: string, user: string) => ({
      id: `fc-${++n}-${Math.random().toString(16).slice(2)}`, ts: new Date(Date.now() - 60_000 + n).toISOString(), decky, service: 'ssh', eventType: 'auth_attempt', srcIp: ip, srcPort: 40000 + n,
      fields: credentialFields(user, `pw-${user}`, 'plaintext', 'failure') as unknown as Record<string, string>, raw: `<134>1 - ${decky} ssh - auth_attempt -`,
    });
    expect((await h.agentCall(north.d, '/agent/v1/events', { events: [ev('10.77.0.1', 'fc-s-web', 'alice'), ev('10.77.0.1', 'fc-s-web', 'alice')] })).status).toBe(200);
    expect((await h.agentCall(south.d, '/agent/v1/events', { events: [ev('10.77.0.2', 'fc-s-db', 'bob')] })).status).toBe(200);

    const ips = async (q: string) => (await h.api(`/api/v1/attackers?${q}`)).body.items.map((a: { ip: string }) => a.ip).sort();
    expect(await ips('')).toEqual(['10.77.0.1', '10.77.0.2']);
    expect(await ips('site=North%20DC')).toEqual(['10.77.0.1']);
    expect(await ips(`host=${south.hostId}`)).toEqual(['10.77.0.2']);
    expect(await ips(`site=south&host=${north.hostId}`)).toEqual([]);
    const evs = async (q: string) => (await h.api(`/api/v1/events?${q}`)).body.items.map((e: { hostId: string }) => e.hostId);
    expect(await evs('site=south')).toEqual([south.hostId]);
    expect(await evs(`host=${north.hostId}`)).toEqual([north.hostId, north.hostId]);
    const creds = async (q: string) => (await h.api(`/api/v1/credentials?${q}`)).body.items.map((c: { principal: string }) => c.principal);
    expect(await creds('site=North%20DC')).toEqual(['alice']);
    expect(await creds('site=south')).toEqual(['bob']);
    const stats = async (q: string) => (await h.api(`/api/v1/stats?${q}`)).body;
    expect(await stats('site=south')).toMatchObject({ events: 1, attackers: 1, credentials: 1 });
    expect(await stats(`host=${north.hostId}`)).toMatchObject({ events: 2, attackers: 1, credentials: 1 });
    const hist = (await h.api(`/api/v1/events/histogram?site=south&intervalS=3600`)).body.buckets as Array<{ count: number }>;
    expect(hist.reduce((a, b) => a + b.count, 0)).toBe(1);
    expect((await h.api('/api/v1/attackers?site=' + encodeURIComponent('bad/site'))).status).toBe(422);
    expect((await h.api('/api/v1/events?host=nope')).status).toBe(422);

    expect((await h.api(`/api/v1/hosts/${south.hostId}/settings`, { site: 'North DC' }, 'PATCH')).body.site).toBe('North DC');
    // Read-your-write across the client pool is not immediate here: bounded poll.
    await expect.poll(() => ips('site=North%20DC'), { timeout: 10_000, interval: 100 }).toEqual(['10.77.0.1', '10.77.0.2']);
    expect((await h.api('/api/v1/fleet/sites')).body.items).toEqual(['North DC']);
  });
});

describe('decommission', () => {
  it('answers the agent with decommission until it acks, shows pending then done, then refuses it', async () => {
    const e = await enrollAt('fc-gone-1', 'south');
    const ds0 = (await h.agentCall(e.d, '/agent/v1/desired-state')).body;
    const held = h.agentCall(e.d, `/agent/v1/desired-state?sinceVersion=${ds0.version}&waitS=20`);
    expect((await h.api(`/api/v1/hosts/${e.hostId}/decommission`, {})).body).toMatchObject({ status: 'decommissioned', decommission: 'pending' });
    expect((await held).body).toEqual({ version: ds0.version + 1, deckies: [], decommission: true });
    expect((await h.agentCall(e.d, '/agent/v1/heartbeat', heartbeat(['bus']))).status).toBe(403);
    expect((await h.agentCall(e.d, '/agent/v1/acks', { acks: [], decommissioned: true })).body.ok).toBe(true);
    const host = (await h.api('/api/v1/hosts')).body.items.find((x: { id: string }) => x.id === e.hostId);
    expect(host).toMatchObject({ status: 'decommissioned', decommission: 'done' });
    expect((await h.agentCall(e.d, '/agent/v1/desired-state')).status).toBe(403);
    expect((await h.agentCall(e.d, '/agent/v1/acks', { acks: [] })).status).toBe(403);
    expect((await h.api(`/api/v1/hosts/${e.hostId}/commands`, { kind: 'worker', worker: 'bus', action: 'restart' })).status).toBe(409);
  });
});
