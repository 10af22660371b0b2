// The prober worker end to end: a real aedes broker, an attacker event on decnet/system/log (as the
// collector publishes it), and 127.0.0.1 explicitly allowed running a real sshd and openssl s_server:
// a prober_result with its JARM (equal to the reference scanner's), HASSH-server and certificate
// reaches the sink and the decky's traffic topic; a private address is never probed.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deckyTraffic, ServiceEventSchema, Topics, type ServiceEvent } from '@decnet/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type RunningBroker } from '../../bus/broker';
import { BusClient } from '../../bus/bus-client';
import { ProberConfigSchema } from './config';
import { ProberWorker } from './prober-worker';
import { sshProbe } from './ssh-probe';
import { freePort, makeCert, referenceJarm, startOpensslServer, startSshd, type CertFiles } from './test-servers';

const skip = existsSync('/usr/sbin/sshd') ? undefined : 'sshd not installed (Debian openssh-server)';
if (skip) console.warn(`prober worker test SKIPPED: ${skip}`);

describe.skipIf(Boolean(skip))('ProberWorker end to end', () => {
  let dir: string;
  let broker: RunningBroker;
  let cert: CertFiles;
  let tls: { port: number; stop(): void };
  let sshd: { port: number; stop(): void };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'prober-e2e-'));
    broker = await startBroker({ socketPath: join(dir, 'bus.sock'), tcpHost: '127.0.0.1', tcpPort: 0, maxClients: 16, publishRatePerClient: 0, concurrency: 100 });
    cert = makeCert();
    tls = await startOpensslServer(cert, ['-alpn', 'http/1.1']);
    sshd = await startSshd();
  });
  afterAll(async () => {
    tls?.stop();
    sshd?.stop();
    await broker?.close();
    rmSync(dir, { recursive: true, force: true });
    if (cert) rmSync(cert.dir, { recursive: true, force: true });
  });

  it('probes an allowed attacker seen on the bus and reports JARM, HASSH-server, certificate and open ports', async () => {
    const closed = await freePort();
    const address = { socketPath: broker.socketPath };
    const stored: ServiceEvent[] = [];
    const config = ProberConfigSchema.parse({ enabled: true, ports: [sshd.port, tls.port, closed], allow: ['127.0.0.1/32'], timeoutMs: 3000 });
    const worker = new ProberWorker({
      name: 'prober', fail: (e) => { throw e; }, log: () => undefined, config, fleet: async () => ['10.200.0.0/16'],
      sink: async (b) => void stored.push(...b), openBus: () => new BusClient({ address, clientId: 'prober-test' }),
    });
    await worker.start();
    const watcher = new BusClient({ address, clientId: 'watcher' });
    const onBus: ServiceEvent[] = [];
    await watcher.subscribe(deckyTraffic('web-01'), ServiceEventSchema, (env) => void onBus.push(env.payload));
    const collector = new BusClient({ address, clientId: 'collector' });
    await collector.ready();
    const seen = (ip: string): ServiceEvent => ({
      id: `ev-${ip}`, ts: new Date().toISOString(), decky: 'web-01', service: 'ssh', eventType: 'connect', srcIp: ip, srcPort: 50_000, fields: {}, raw: '<134>1 -',
    });
    collector.publish(Topics.systemLog, 'system.log', seen('10.1.2.3'));
    collector.publish(Topics.systemLog, 'system.log', seen('::ffff:127.0.0.1'));
    try {
      await expect.poll(() => stored.find((e) => e.eventType === 'prober_result'), { timeout: 90_000, interval: 200 }).toBeDefined();
      const started = stored.find((e) => e.eventType === 'probe_started')!;
      expect(started).toMatchObject({ decky: 'web-01', service: 'prober', srcIp: '127.0.0.1' });
      expect(started.fields.reason).toBe('first_sight');
      const r = stored.find((e) => e.eventType === 'prober_result')!;
      expect(r).toMatchObject({ decky: 'web-01', service: 'prober', srcIp: '127.0.0.1' });
      const f = r.fields;
      expect(f.status).toBe('done');
      expect(f.open_ports).toBe(`${sshd.port},${tls.port}`);
      const direct = await sshProbe('127.0.0.1', sshd.port, 3000, 1500);
      expect(direct.kind === 'ssh' && [f.ssh_banner, f.hassh_server]).toEqual([(direct as { banner: string }).banner, (direct as { hassh: string }).hassh]);
      expect(f.ssh_banner).toMatch(/^SSH-2\.0-OpenSSH_/);
      expect(f.jarm).toBe((await referenceJarm(tls.port)).jarm);
      expect(f.jarm_port).toBe(String(tls.port));
      expect(f.tls_subject).toBe('C=NL, O=Attacker Infra, CN=c2.attacker.test');
      expect(f.tls_issuer).toBe(f.tls_subject);
      expect(f.tls_sans).toContain('DNS:www.attacker.test');
      expect(f.tls_not_before).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(f.tls_not_after! > f.tls_not_before!).toBe(true);
      const fp = execFileSync('openssl', ['x509', '-in', cert.cert, '-noout', '-fingerprint', '-sha256'], { encoding: 'utf8' }).trim().split('=')[1]!;
      expect(f.tls_sha256).toBe(fp.replaceAll(':', '').toLowerCase());
      expect(f.probes).toContain(`ssh:${sshd.port}`);
      expect(f.probes).toContain(`jarm:${tls.port}`);
      await expect.poll(() => onBus.map((e) => e.eventType)).toEqual(['probe_started', 'prober_result']);
      expect(stored.filter((e) => e.srcIp === '10.1.2.3')).toEqual([]);
      expect(worker.health().counters).toMatchObject({ skippedProtected: 1, started: 1, finished: 1 });
      // Seen again within the period: no second probe.
      collector.publish(Topics.systemLog, 'system.log', seen('127.0.0.1'));
      await expect.poll(() => worker.health().counters!.skippedRecent).toBe(1);
      expect(stored.filter((e) => e.eventType === 'probe_started')).toHaveLength(1);
    } finally {
      await collector.close();
      await watcher.close();
      await worker.stop();
    }
  }, 120_000);

  it('follows the control plane\'s switch: sightings while off start no probe, after it is on they do', async () => {
    const address = { socketPath: broker.socketPath };
    const stored: ServiceEvent[] = [];
    let on = false;
    const config = ProberConfigSchema.parse({ enabled: false, ports: [tls.port], allow: ['127.0.0.1/32'], timeoutMs: 3000 });
    const worker = new ProberWorker({
      name: 'prober', fail: (e) => { throw e; }, log: () => undefined, config, fleet: async () => [], enabled: () => on,
      sink: async (b) => void stored.push(...b), openBus: () => new BusClient({ address, clientId: 'prober-switch' }),
    });
    await worker.start();
    const collector = new BusClient({ address, clientId: 'collector-switch' });
    await collector.ready();
    const seen = (n: number): ServiceEvent => ({
      id: `sw-${n}`, ts: new Date().toISOString(), decky: 'web-02', service: 'http', eventType: 'request', srcIp: '127.0.0.1', srcPort: 40_000 + n, fields: {}, raw: '<134>1 -',
    });
    try {
      expect(worker.health().message).toMatch(/switched off/);
      // A marker the worker must have received: its own subscription sees it, and nothing is probed.
      const watcher = new BusClient({ address, clientId: 'watcher-switch' });
      const delivered: string[] = [];
      await watcher.subscribe(Topics.systemLog, ServiceEventSchema, (env) => void delivered.push(env.payload.id));
      collector.publish(Topics.systemLog, 'system.log', seen(1));
      await expect.poll(() => delivered, { timeout: 10_000 }).toContain('sw-1');
      await watcher.close();
      expect(worker.health().counters).toMatchObject({ started: 0 });
      expect(stored).toEqual([]);
      on = true;
      for (let n = 2; !stored.some((e) => e.eventType === 'probe_started') && n < 100; n++) {
        collector.publish(Topics.systemLog, 'system.log', seen(n));
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(stored.find((e) => e.eventType === 'probe_started')).toMatchObject({ srcIp: '127.0.0.1', decky: 'web-02' });
    } finally {
      await collector.close();
      await worker.stop();
    }
  }, 60_000);
});
