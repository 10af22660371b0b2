// Bring your own service end to end on docker: an INI with `[custom-<name>]` deployed through the
// API runs the operator's image in the decky's network namespace next to the built-in services; its
// plain stdout lines and its RFC 5424 lines reach the events API as that service's events, a line
// claiming another decky is wrapped rather than trusted, and the catalogue lists the custom service.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnrollmentToken } from '../../control-plane/src/services/hosts/enrollment-token';
import { firstAdminToken } from '../../control-plane/src/testing/first-admin';
import { Agent } from '../../host-agent/src/agent/agent';
import { enroll } from '../../host-agent/src/enroll/enroll';
import { ensureDocker, ensureTemplateImage, TEST_BASE_IMAGE, TEST_IMAGE, vethDown, vethUp, type TestNet } from '../../scripts/docker/test-env';
import { startStack, type Stack } from '../../scripts/stack';
import { until } from './until';

const run = promisify(execFile);
const DECKY = 'byos-01';
const skip = process.getuid?.() !== 0 ? 'needs root' : await ensureDocker();
if (skip) console.warn(`BYOS e2e SKIPPED: ${skip}`);

// The operator's service: plain lines, a well-formed RFC 5424 event of this decky, one claiming another decky.
const SCRIPT = [
  'echo "plain line from the custom service"',
  `echo '<134>1 2026-01-01T00:00:00Z ${DECKY} echoer - handshake [relay@55555 src_ip="203.0.113.9" note="structured"]'`,
  `echo '<134>1 2026-01-01T00:00:00Z other-decky echoer - forged [relay@55555 src_ip="203.0.113.10"]'`,
  'exec sleep 3600',
].join('; ');
const FLEET = [`[${DECKY}]`, 'services=ssh, echoer', '', '[custom-echoer]', `binary=${TEST_BASE_IMAGE}`, `exec=sh -c '${SCRIPT.replace(/'/g, `'"'"'`)}'`, 'ports=7007', ''].join('\n');

async function sh(cmd: string, args: string[]): Promise<string> {
  const r = await run(cmd, args, { timeout: 60_000 }).catch((e: { stdout?: string; stderr?: string }) => ({ stdout: e.stdout ?? '', stderr: e.stderr ?? '' }));
  return `${r.stdout}${r.stderr}`;
}

describe.skipIf(Boolean(skip))('bring your own service on docker', () => {
  let stack: Stack;
  let agent: Agent | undefined;
  let net: TestNet | undefined;
  let token = '';
  let hostId = '';
  const dir = mkdtempSync(join(tmpdir(), 'decnet-byos-e2e-'));
  const api = async (path: string, body?: unknown) =>
    (await (await fetch(stack.cp.url + path, { method: body ? 'POST' : 'GET', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined })).json()) as Record<string, any>;

  beforeAll(async () => {
    stack = await startStack({ dataDir: join(dir, 'cp'), port: 0, mtlsPort: 0, agent: false, env: { ...process.env, DECNET_ADMIN_PASSWORD: 'byos-e2e-admin-pass-1' } });
    token = await firstAdminToken(stack.cp.url, 'byos-e2e-admin-pass-1', 'byos-e2e-admin-pass-2');
    await ensureTemplateImage();
    net = await vethUp(6);
    const t = await createEnrollmentToken(stack.cp.deps, 'test', { hostName: 'docker-byos' }, stack.cp.url);
    const res = await enroll({
      url: stack.cp.url, token: t.token, caSha256: t.caSha256, name: 'docker-byos', configPath: join(dir, 'agent', 'agent.json'), dataDir: join(dir, 'agent'),
      base: { runtime: 'docker', docker: { network: { name: 'decnet_e2e_byos', parent: net.parent, subnet: net.subnet, ipRange: '10.198.6.128/25' }, image: TEST_IMAGE }, bus: { tcpPort: 0 }, heartbeatIntervalMs: 1000 },
    });
    hostId = res.hostId;
    agent = await Agent.start({ config: res.config, log: () => undefined });
  }, 400_000);

  afterAll(async () => {
    await agent?.stop();
    await sh('docker', ['rm', '-f', `decnet-${DECKY}`, `decnet-${DECKY}.svc`, `decnet-${DECKY}.c-echoer`]);
    await sh('docker', ['network', 'rm', 'decnet_e2e_byos']);
    if (net) await vethDown(net);
    await stack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the custom image in the decky netns and turns its stdout into events', async () => {
    const deployed = await api('/api/v1/deckies/deploy', { iniContent: FLEET, hostId });
    expect(deployed.deckies?.[0]?.services).toEqual(['ssh', 'echoer']);
    await until('the decky running with its custom service', async () => (await api('/api/v1/deckies')).items.find((d: any) => d.name === DECKY && d.reported?.state === 'running'), 240_000);

    // The custom container shares the decky's network namespace (its base container's).
    const mode = (await sh('docker', ['inspect', '-f', '{{.HostConfig.NetworkMode}}', `decnet-${DECKY}.c-echoer`])).trim();
    const baseId = (await sh('docker', ['inspect', '-f', '{{.Id}}', `decnet-${DECKY}`])).trim();
    expect(mode).toBe(`container:${baseId}`);

    const events = await until('the custom service lines in the events API', async () => {
      const items = (await api(`/api/v1/events?decky=${DECKY}&limit=100`)).items as Array<Record<string, any>>;
      return items.filter((e) => e.service === 'echoer').length >= 3 ? items.filter((e) => e.service === 'echoer') : undefined;
    }, 120_000);
    const plain = events.find((e) => e.eventType === 'log' && JSON.stringify(e.fields).includes('plain line from the custom service'));
    expect(plain).toBeTruthy();
    const structured = events.find((e) => e.eventType === 'handshake');
    expect(structured).toMatchObject({ decky: DECKY, srcIp: '203.0.113.9' });
    // The line that named another decky was not trusted: it is a `log` event of this decky.
    const forged = events.find((e) => JSON.stringify(e.fields).includes('forged'));
    expect(forged).toMatchObject({ decky: DECKY, eventType: 'log' });
    expect((await api('/api/v1/events?decky=other-decky')).items).toEqual([]);

    const cat = await api(`/api/v1/catalogue?hostId=${hostId}`);
    expect(cat.services.find((s: { slug: string }) => s.slug === 'echoer')).toMatchObject({ custom: true, ports: [7007], available: true });
  }, 400_000);
});
