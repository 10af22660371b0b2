// The deckies desired-state API end to end on Node: writes wake the host agent's long-poll, INI
// deploys expand and report errors by line, and the agent's reported state shows up for viewers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './testing/agent-harness';

let h: Harness;
let agent: Awaited<ReturnType<Harness['enroll']>>;

beforeAll(async () => {
  h = await startHarness();
  agent = await h.enroll('sensor-1');
});
afterAll(() => h?.close());

describe('deckies API', () => {
  it('creates a decky from an archetype and wakes the long-poll of its host', async () => {
    const d = h.mtls(agent.certificatePem, agent.keyPem);
    const poll = h.agentCall(d, '/agent/v1/desired-state?sinceVersion=0&waitS=10');
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, 300));
    const created = await h.api('/api/v1/deckies', { name: 'db-01', archetype: 'database-server' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'db-01', hostId: agent.hostId, services: ['mysql', 'postgres', 'redis'] });
    const ds = await poll;
    expect(Date.now() - t0).toBeLessThan(5000); // woke up well before the 10 s wait
    expect(ds.body.version).toBe(1);
    expect(ds.body.deckies).toEqual([expect.objectContaining({ name: 'db-01', archetype: 'database-server' })]);
  });

  it('validates decky input', async () => {
    expect((await h.api('/api/v1/deckies', { name: 'bad name!', services: ['ssh'] })).status).toBe(422);
    const unknown = await h.api('/api/v1/deckies', { name: 'x1', services: ['gopher'] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.message).toContain('gopher');
    expect((await h.api('/api/v1/deckies', { name: 'x2', services: ['ssh'], hostId: 'nope' })).status).toBe(422);
  });

  it('deploys INI text with amount expansion and per-service config; reports bad INI by line', async () => {
    const ini = ['[general]', 'net=192.168.1.0/24', '', '[web]', 'services=ssh,http', 'amount=3', '', '[web.http]', 'server_header=nginx/1.18.0', ''].join('\n');
    const res = await h.api('/api/v1/deckies/deploy', { iniContent: ini });
    expect(res.status).toBe(200);
    expect(res.body.deckies.map((d: { name: string }) => d.name)).toEqual(['web-01', 'web-02', 'web-03']);
    expect(res.body.deckies[1].serviceConfig).toEqual({ http: { server_header: 'nginx/1.18.0' } });

    const bad = await h.api('/api/v1/deckies/deploy', { iniContent: '[web]\nservices=ssh\namount=500\n' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toMatch(/^INI line 3: /);
    expect(bad.body.error.details.line).toBe(3);

    const replaced = await h.api('/api/v1/deckies/deploy', { iniContent: '[solo]\narchetype=linux-server\n', replaceFleet: true });
    expect(replaced.status).toBe(200);
    const list = await h.api('/api/v1/deckies');
    expect(list.body.items.map((d: { name: string }) => d.name)).toEqual(['solo']);
  });

  it('updates and deletes deckies, and shows what the agent reports', async () => {
    const patched = await h.api('/api/v1/deckies/solo', { services: ['ssh', 'ftp'], mutateIntervalMin: 45 }, 'PATCH');
    expect(patched.body).toMatchObject({ services: ['ssh', 'ftp'], mutateIntervalMin: 45 });
    const d = h.mtls(agent.certificatePem, agent.keyPem);
    await h.agentCall(d, '/agent/v1/heartbeat', {
      agentVersion: '0.1.0',
      uptimeS: 1,
      workers: [],
      deckies: [{ name: 'solo', state: 'running', services: ['ssh', 'ftp'], runtime: 'local' }],
      spool: { pending: 0, dropped: 0 },
    });
    const solo = (await h.api('/api/v1/deckies')).body.items[0];
    expect(solo.reported).toMatchObject({ state: 'running', services: ['ssh', 'ftp'] });
    expect((await h.api('/api/v1/deckies/solo', undefined, 'DELETE')).status).toBe(204);
    expect((await h.api('/api/v1/deckies/solo', undefined, 'DELETE')).status).toBe(404);
    expect((await h.agentCall(d, '/agent/v1/desired-state')).body.deckies).toEqual([]);
  });

  it('offers in /catalogue only what the host reports it can run, and what each archetype misses', async () => {
    const before = await h.api('/api/v1/catalogue');
    expect(before.status).toBe(200);
    expect(before.body.services).toEqual([]);
    expect(before.body.archetypes.find((a: { slug: string }) => a.slug === 'linux-server').missing).toEqual(['ssh', 'http']);
    // Before the host said what it runs, a decky naming neither services nor an archetype is refused clearly.
    const blind = await h.api('/api/v1/deckies/deploy', { iniContent: '[blind]\n' });
    expect(blind.status).toBe(422);
    expect(blind.body.error.message).toContain('has not reported');

    const d = h.mtls(agent.certificatePem, agent.keyPem);
    const offer = (slug: string, ports: number[]) => ({ slug, ports, description: `${slug} emulator` });
    const hb = await h.agentCall(d, '/agent/v1/heartbeat', {
      agentVersion: '0.1.0', uptimeS: 2, workers: [], deckies: [], spool: { pending: 0, dropped: 0 },
      catalogue: { runtime: 'docker', services: [offer('ssh', [22]), offer('http', [80]), offer('smb', [445, 139])] },
    });
    expect(hb.status).toBe(200);
    const cat = await h.api(`/api/v1/catalogue?hostId=${agent.hostId}`);
    expect(cat.body).toMatchObject({ hostId: agent.hostId, runtime: 'docker' });
    expect(cat.body.services.map((s: { slug: string }) => s.slug)).toEqual(['http', 'smb', 'ssh']);
    expect(cat.body.services.find((s: { slug: string }) => s.slug === 'smb')).toMatchObject({ ports: [445, 139], available: true, hosts: [agent.hostId] });
    const arch = (slug: string) => cat.body.archetypes.find((a: { slug: string }) => a.slug === slug);
    expect(arch('linux-server').missing).toEqual([]);
    expect(arch('windows-server')).toMatchObject({ services: ['smb', 'rdp', 'ldap'], missing: ['rdp', 'ldap'] });
    expect((await h.api('/api/v1/catalogue?hostId=nope')).status).toBe(422);

    // Now a bare decky gets two of the host's services, seeded by its name.
    const picked = await h.api('/api/v1/deckies/deploy', { iniContent: '[blind]\n' });
    expect(picked.status).toBe(200);
    const services: string[] = picked.body.deckies[0].services;
    expect(services).toHaveLength(2);
    for (const s of services) expect(['ssh', 'http', 'smb']).toContain(s);
  });

  it('deploys a bring-your-own service from [custom-*]: definition in the desired state, listed in the catalogue', async () => {
    const ini = '[edge-byos]\nservices=ssh, myapp\n[custom-myapp]\nbinary=acme/app:1.2\nexec=/app/run --port 8080\nports=8080\n';
    const res = await h.api('/api/v1/deckies/deploy', { iniContent: ini });
    expect(res.status).toBe(200);
    expect(res.body.deckies[0]).toMatchObject({ services: ['ssh', 'myapp'], serviceConfig: { myapp: { binary: 'acme/app:1.2', exec: '/app/run --port 8080', ports: '8080' } } });
    const d = h.mtls(agent.certificatePem, agent.keyPem);
    const desired = (await h.agentCall(d, '/agent/v1/desired-state')).body.deckies.find((x: { name: string }) => x.name === 'edge-byos');
    expect(desired.serviceConfig.myapp.binary).toBe('acme/app:1.2');
    const cat = await h.api(`/api/v1/catalogue?hostId=${agent.hostId}`);
    expect(cat.body.services.find((s: { slug: string }) => s.slug === 'myapp')).toMatchObject({ custom: true, ports: [8080], available: true });
    // A definition that could reach a shell or is not an image is refused with the reason.
    const bad = await h.api('/api/v1/deckies', { name: 'byos-bad', services: ['evil'], serviceConfig: { evil: { binary: 'x; rm -rf /' } } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toContain('not a container image');
  });
});
