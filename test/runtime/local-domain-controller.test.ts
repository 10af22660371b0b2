// The domain-controller archetype (ldap, smb, rdp, llmnr) deployed on the local runtime: every
// service bound on the decky's loopback address (llmnr's three UDP ports planned with dgram binds),
// a TCP and a UDP client reach it, and their events arrive through the collector.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { archetype, type DeckySpec, type ServiceEvent } from '@decnet/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalRuntime } from '../../host-agent/src/runtime/local/local-runtime';
import { spoolCollector, until } from '../../host-agent/src/runtime/local/testing';
import type { CollectorWorker } from '../../host-agent/src/workers/collector/collector-worker';

const run = promisify(execFile);
const DC = `e2e-dc-${Math.random().toString(36).slice(2, 8)}`;
const services = [...archetype('domain-controller').services];

let dir: string;
let runtime: LocalRuntime;
let collector: CollectorWorker;
let stored: ServiceEvent[];
let closeSpool: () => Promise<void>;

const spec: DeckySpec = { name: DC, archetype: 'domain-controller', services, serviceConfig: { llmnr: { probe_interval_s: '0' } } };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'decnet-dc-'));
  runtime = await LocalRuntime.open({ dataDir: dir, backoff: { baseMs: 200, maxMs: 1000 }, stopTimeoutMs: 3000 });
  const c = await spoolCollector(runtime, dir);
  stored = c.stored;
  closeSpool = () => c.spool.spool.close();
  collector = c.make();
  await collector.start();
  await runtime.apply([spec]);
}, 60_000);

afterAll(async () => {
  await runtime?.close();
  await collector?.stop();
  await closeSpool?.();
  rmSync(dir, { recursive: true, force: true });
});

describe('domain-controller on the local runtime', () => {
  it('runs with every archetype service bound, none missing', () => {
    expect(services).toEqual(['ldap', 'smb', 'rdp', 'llmnr']);
    const report = runtime.report().find((r) => r.name === DC)!;
    expect(report.state).toBe('running');
    expect(report.services).toEqual(services);
    const bound = runtime.endpoints().filter((e) => e.decky === DC);
    for (const key of ['ldap', 'ldap/636', 'smb', 'rdp', 'llmnr', 'llmnr/5353', 'llmnr/137']) {
      const e = bound.find((x) => x.service === key);
      expect(e, key).toBeDefined();
      expect(e!.port, key).toBeGreaterThan(0);
      expect(e!.host).toMatch(/^127\.(?!0\.)\d+\.\d+\.\d+$/);
    }
    console.info(`domain-controller endpoints: ${bound.map((e) => `${e.service}=${e.host}:${e.port}${e.mapped ? ` (mapped from ${e.wantedPort})` : ''}`).join(' ')}`);
  });

  it('a TCP client reaches smb and dig reaches llmnr over UDP; both become events', async () => {
    const smb = runtime.endpoints().find((e) => e.decky === DC && e.service === 'smb')!;
    await new Promise<void>((resolve) => {
      const s = connect({ host: smb.host, port: smb.port }, () => s.end());
      s.on('close', () => resolve());
      s.on('error', () => resolve());
    });
    const llmnr = runtime.endpoints().find((e) => e.decky === DC && e.service === 'llmnr')!;
    await run('dig', ['-p', String(llmnr.port), `@${llmnr.host}`, 'filesrv-typo', '+tries=1', '+time=1']).catch(() => undefined);
    await until(() => stored.some((e) => e.decky === DC && e.service === 'llmnr' && e.eventType === 'query'), 10_000, 'llmnr query');
    await until(() => stored.some((e) => e.decky === DC && e.service === 'smb' && e.eventType === 'connect'), 10_000, 'smb connect');
    expect(stored.find((e) => e.decky === DC && e.eventType === 'query')!.fields).toMatchObject({ name: 'filesrv-typo', proto: 'llmnr', is_response: '0' });
    const startups = stored.filter((e) => e.decky === DC && e.eventType === 'startup' && e.service === 'llmnr');
    expect(startups).toHaveLength(3);
    expect(startups.every((e) => e.fields['transport'] === 'udp')).toBe(true);
  });
});
