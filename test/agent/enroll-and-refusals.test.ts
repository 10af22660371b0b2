// Enrollment through the CLI against a real control plane, the full event path (in-process
// enqueue and the bus ingest topic -> spool -> mTLS -> libSQL), heartbeats, desired state, and
// every refusal of the issue: no client certificate, a self-signed one, a revoked host, a reused
// and an expired enrollment token; and no TLS renegotiation on a verified connection.
import { Topics } from '@decnet/protocol';
import { Agent, BusClient, loadConfig, MtlsClient, type AgentConfig } from '@decnet/host-agent';
import { once } from 'node:events';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EC_ALG, x509 } from '../../host-agent/src/enroll/x509';
import { generateAgentKey } from '../../host-agent/src/enroll/keys';
import { agentConfig, ControlPlane, runCli, serviceEvent, tempDir } from './harness';

let cp: ControlPlane;
let agent: Agent;
let config: AgentConfig;
let configPath: string;
const logs: string[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  cp = await ControlPlane.start();
  const tok = await cp.enrollmentToken('sensor-01');
  const dir = tempDir('agent');
  dirs.push(dir);
  configPath = agentConfig(dir).path;
  const r = await runCli(['enroll', '--url', cp.url, '--token', tok.token, '--ca-sha256', tok.caSha256, '--name', 'sensor-01', '--config', configPath]);
  expect(r).toMatchObject({ code: 0, out: expect.stringMatching(/^enrolled as host /) });
  config = loadConfig(configPath);
  agent = await Agent.start({ config, log: (m) => logs.push(m) });
});

afterAll(async () => {
  await agent?.stop();
  await cp?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('agent <-> control plane', () => {
  it('enrolled: key 0600, CA pinned, mTLS URL from the control plane', () => {
    expect(config.hostId).toMatch(/^[0-9a-f-]{36}$/);
    expect(config.controlPlane?.mtlsUrl).toBe(cp.mtlsUrl);
    expect(readFileSync(join(config.dataDir, 'tls', 'ca.crt'), 'utf8')).toContain('BEGIN CERTIFICATE');
  });

  it('delivers events from enqueue() and from the bus ingest topic, each stored once', async () => {
    await agent.enqueue(Array.from({ length: 3000 }, (_, i) => serviceEvent(i)));
    const bus = new BusClient({ address: { socketPath: agent.paths.busSocket }, clientId: 'e2e-collector' });
    await bus.ready();
    bus.publish(Topics.eventsIngest, 'service.event', serviceEvent(9000));
    bus.publish(Topics.eventsIngest, 'service.events', { events: Array.from({ length: 999 }, (_, i) => serviceEvent(10_000 + i)) });
    bus.publish(Topics.eventsIngest, 'service.event', { not: 'an event' }); // refused at the bus, never spooled
    await expect.poll(() => cp.eventCounts(config.hostId), { timeout: 20_000, interval: 200 }).toEqual({ total: 4000, distinct: 4000 });
    await expect.poll(() => agent.status().spool.pendingRecords).toBe(0);
    await bus.close();
  });

  it('heartbeats reach the control plane with worker health and spool counters', async () => {
    await expect.poll(() => agent.status().heartbeat?.ok, { timeout: 10_000 }).toBe(true);
    const hosts = await cp.api<{ items: Array<{ id: string; status: string; agentVersion: string; heartbeat: { workers: Array<{ name: string }>; spool: object } }> }>('GET', '/api/v1/hosts');
    const me = hosts.items.find((h) => h.id === config.hostId)!;
    expect(me.status).toBe('online');
    expect(me.heartbeat.workers.map((w) => w.name).sort()).toEqual(['bus', 'collector', 'desired-state', 'heartbeat', 'ingest', 'mutator', 'prober', 'sniffer', 'uplink']);
    expect(me.heartbeat.spool).toMatchObject({ dropped: 0 });
  });

  it('follows the desired state (long poll) and reports what it actually runs', async () => {
    await cp.api('POST', '/api/v1/deckies', { name: 'web-01', services: ['ssh', 'http'], hostId: config.hostId });
    await expect.poll(() => agent.status().desiredState?.deckies.map((d) => d.name), { timeout: 10_000 }).toEqual(['web-01']);
    await expect
      .poll(async () => (await cp.api<{ items: Array<{ name: string; reported: { state: string } | null }> }>('GET', '/api/v1/deckies')).items[0]?.reported?.state, { timeout: 30_000 })
      .toBe('running'); // the local runtime really runs it
  });
});

describe('refusals', () => {
  const identity = () => ({
    keyPem: readFileSync(join(config.dataDir, 'tls', 'agent.key'), 'utf8'),
    certPem: readFileSync(join(config.dataDir, 'tls', 'agent.crt'), 'utf8'),
    caPem: readFileSync(join(config.dataDir, 'tls', 'ca.crt'), 'utf8'),
  });
  const postOne = (c: MtlsClient) => c.call({ method: 'POST', path: '/agent/v1/events', body: JSON.stringify({ events: [serviceEvent(1)] }) });

  it('no client certificate: the TLS handshake is refused', async () => {
    const c = new MtlsClient(cp.mtlsUrl, { ...identity(), keyPem: '', certPem: '' } as never);
    const o = await postOne(c);
    expect(o.kind).toBe('identity');
    expect(o.status).toBe(0);
    await c.close();
  });

  it('a self-signed client certificate is refused', async () => {
    const key = await generateAgentKey();
    const self = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: '01', name: 'CN=sensor-01', keys: key.keys, signingAlgorithm: EC_ALG,
    });
    const c = new MtlsClient(cp.mtlsUrl, { ...identity(), keyPem: key.privateKeyPem, certPem: self.toString('pem') });
    expect((await postOne(c)).kind).toBe('identity');
    await c.close();
  });

  it('a TLS 1.2 client may not renegotiate on a verified connection (its certificate is read once per connection)', async () => {
    const id = identity();
    const url = new URL(cp.mtlsUrl);
    const sock = connect({ host: url.hostname, port: Number(url.port), ca: id.caPem, cert: id.certPem, key: id.keyPem, maxVersion: 'TLSv1.2', servername: 'localhost' });
    await once(sock, 'secureConnect');
    expect(sock.authorized).toBe(true);
    // A renegotiation starts with the next record: the request written after it.
    const outcome = await new Promise<string>((ok) => {
      sock.on('error', () => ok('refused'));
      sock.on('close', () => ok('refused'));
      sock.on('data', () => ok('answered'));
      sock.renegotiate({}, (e) => ok(e ? 'refused' : 'renegotiated'));
      sock.write('GET /agent/v1/desired-state?waitS=0 HTTP/1.1\r\nHost: localhost\r\n\r\n');
    });
    sock.destroy();
    expect(outcome).toBe('refused');
  });

  it('a reused enrollment token and an expired one are refused', async () => {
    const tok = await cp.enrollmentToken('sensor-02');
    const d = tempDir('agent2');
    dirs.push(d);
    const first = await runCli(['enroll', '--url', cp.url, '--token', tok.token, '--config', agentConfig(d).path]);
    expect(first.code).toBe(0);
    const d2 = tempDir('agent3');
    dirs.push(d2);
    const again = await runCli(['enroll', '--url', cp.url, '--token', tok.token, '--config', agentConfig(d2).path]);
    expect(again).toMatchObject({ code: 1, err: expect.stringMatching(/refused \(unauthorized\).*already used/) });
    const tok2 = await cp.enrollmentToken('sensor-03');
    const db = cp.db();
    await db.execute('UPDATE enrollment_tokens SET expires_at_ms = 1 WHERE used_at_ms IS NULL');
    db.close();
    const expired = await runCli(['enroll', '--url', cp.url, '--token', tok2.token, '--config', agentConfig(d2).path]);
    expect(expired).toMatchObject({ code: 1, err: expect.stringMatching(/refused \(unauthorized\).*expired/) });
  });

  it('a decommissioned host: its agent tears down and forgets its identity; its spooled events stay, nothing is delivered', async () => {
    await cp.api('POST', `/api/v1/hosts/${config.hostId}/decommission`);
    const before = await cp.eventCounts(config.hostId);
    await agent.enqueue(Array.from({ length: 50 }, (_, i) => serviceEvent(50_000 + i)));
    await expect.poll(() => agent.status().decommissioned, { timeout: 20_000 }).toBe(true);
    await expect.poll(() => logs.some((l) => /identity forgotten/.test(l)), { timeout: 10_000 }).toBe(true);
    // The 50 stay spooled, with the agent's own teardown reports (its deckies stopping) behind them.
    expect(agent.status().spool.pendingRecords).toBeGreaterThanOrEqual(50);
    expect(agent.status().workers.find((w) => w.name === 'uplink')).toMatchObject({ state: 'stopped' });
    expect(() => readFileSync(agent.paths.keyPem)).toThrow(/ENOENT/);
    expect(await cp.eventCounts(config.hostId)).toEqual(before);
    // Its certificate is refused from now on (the agent confirmed the hand-over).
    const host = (await cp.api<{ items: Array<{ id: string; decommission: string | null }> }>('GET', '/api/v1/hosts')).items.find((h) => h.id === config.hostId);
    expect(host?.decommission).toBe('done');
  });
});
