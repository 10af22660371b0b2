// The prober as the agent runs it: the config section switches it on (it is absent by default), the
// registry starts it with the other workers, and an attacker event published on the agent's own bus
// comes back as probe events in the agent's spool and on the decky's traffic topic.
import { deckyTraffic, ServiceEventSchema, Topics, type ServiceEvent } from '@decnet/protocol';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../agent/agent';
import { BusClient } from '../../bus/bus-client';
import { parseConfig } from '../../config/load';
import { makeCert, startOpensslServer, type CertFiles } from './test-servers';

let dir: string;
let cert: CertFiles;
let tls: { port: number; stop(): void };
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'prober-agent-'));
  cert = makeCert();
  tls = await startOpensslServer(cert, []);
});
afterAll(() => {
  tls?.stop();
  rmSync(dir, { recursive: true, force: true });
  if (cert) rmSync(cert.dir, { recursive: true, force: true });
});

describe('prober in the agent', () => {
  it('is not started by default', async () => {
    const agent = await Agent.start({ config: parseConfig({ version: 1, dataDir: join(dir, 'off'), bus: { tcpPort: 0 }, sniffer: { enabled: false } }), offline: true });
    try {
      const names = agent.status().workers.map((w) => w.name);
      expect(names).toContain('ingest');
      expect(names).not.toContain('prober');
    } finally {
      await agent.stop();
    }
  });

  it('runs when enabled and turns an attacker seen on the bus into spooled probe events', async () => {
    const config = parseConfig({
      version: 1, dataDir: join(dir, 'on'), bus: { tcpPort: 0 }, sniffer: { enabled: false },
      prober: { enabled: true, ports: [tls.port], allow: ['127.0.0.1/32'], timeoutMs: 3000 },
    });
    const agent = await Agent.start({ config, offline: true });
    const c = new BusClient({ address: { socketPath: agent.paths.busSocket }, clientId: 'collector-test' });
    try {
      await expect.poll(() => agent.status().workers.find((w) => w.name === 'prober')?.status, { timeout: 10_000 }).toBe('ok');
      const seen: ServiceEvent[] = [];
      await c.subscribe(deckyTraffic('web-01'), ServiceEventSchema, (env) => void seen.push(env.payload));
      const attacker: ServiceEvent = {
        id: 'ev-1', ts: new Date().toISOString(), decky: 'web-01', service: 'http', eventType: 'request', srcIp: '127.0.0.1', srcPort: 40_000, fields: {}, raw: '<134>1 -',
      };
      // QoS 0: keep announcing until the prober's own subscription is in place (later sightings are within the period).
      await expect.poll(() => {
        c.publish(Topics.systemLog, 'system.log', attacker);
        return seen.find((e) => e.eventType === 'prober_result');
      }, { timeout: 60_000, interval: 500 }).toBeDefined();
      const r = seen.find((e) => e.eventType === 'prober_result')!;
      expect(r.fields).toMatchObject({ status: 'done', open_ports: String(tls.port), tls_port: String(tls.port) });
      expect(r.fields.jarm).toMatch(/^[0-9a-f]{62}$/);
      expect(seen.filter((e) => e.eventType === 'probe_started')).toHaveLength(1);
      await expect.poll(() => agent.status().spool.pendingRecords).toBeGreaterThanOrEqual(2);
    } finally {
      await c.close();
      await agent.stop();
    }
  }, 90_000);
});
