// The docker runtime against a real dockerd: two deckies on a macvlan over a veth pair (persona
// hostname/MAC, OS sysctls), a real client's event through follow(), convergence, reaping, teardown.
// Needs root; installs and starts dockerd when missing. Only touches 10.198.0.0/24 on its own veth.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { comparePositions, type DeckyLogLine } from '../../host-agent/src/runtime/log-stream';
import { DockerRuntime } from '../../host-agent/src/runtime/docker/index';
import type { DeckySpec } from '@decnet/protocol';
import { derivePersona, templateFor } from '@decnet/templates';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerExec, ensureDocker, ensureTemplateImage, TEST_IMAGE, vethDown, vethUp, type TestNet } from '../../scripts/docker/test-env';

const run = promisify(execFile);
const LABEL = 'decnet';
const NETWORK = 'decnet_e2e';
const skip = process.getuid?.() !== 0 ? 'needs root (veth, dockerd)' : await ensureDocker();
if (skip) console.warn(`docker runtime e2e SKIPPED: ${skip}`);

const HAS_HTTP = templateFor('http') !== undefined;
const WEB: DeckySpec = { name: 'e2e-web', archetype: 'linux-server', services: ['ssh', 'http'], serviceConfig: {} };
const WIN: DeckySpec = { name: 'e2e-win', archetype: 'windows-workstation', services: ['ssh'], serviceConfig: {} };

let net: TestNet;
let rt: DockerRuntime;
let dataDir: string;

const docker = async (...args: string[]): Promise<string> => (await run('docker', args)).stdout.trim();
const managedIds = async (): Promise<string[]> => (await docker('ps', '-aq', '--no-trunc', '--filter', `label=${LABEL}.managed`)).split('\n').filter(Boolean).sort();
const idOf = (name: string): Promise<string> => docker('inspect', '-f', '{{.Id}}', name);

async function until(cond: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!!skip)('docker runtime', () => {
  beforeAll(async () => {
    const t = Date.now();
    const times = await ensureTemplateImage();
    console.log(`docker e2e: images ready in ${Date.now() - t} ms`, times);
    net = await vethUp(0);
    dataDir = mkdtempSync(join(tmpdir(), 'decnet-docker-e2e-'));
    // Leftovers of an "earlier run": a managed container of an unknown decky and a managed network.
    await docker('rm', '-f', 'decnet-ghost').catch(() => '');
    await docker('network', 'rm', 'decnet_ghost').catch(() => '');
    await docker('network', 'create', '--label', `${LABEL}.managed=true`, 'decnet_ghost');
    await docker('create', '--name', 'decnet-ghost', '--label', `${LABEL}.managed=true`, '--label', `${LABEL}.decky=ghost`, TEST_IMAGE);
    rt = new DockerRuntime({ network: { name: NETWORK, parent: net.parent, subnet: net.subnet, ipRange: '10.198.0.64/26' }, image: TEST_IMAGE, dataDir, labelPrefix: LABEL });
  });

  afterAll(async () => {
    await rt?.teardown().catch(() => undefined);
    await rt?.close();
    if (net) await vethDown(net);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('deploys two deckies with persona hostname, MAC, address and OS sysctls; reaps leftovers', async () => {
    const t = Date.now();
    await rt.apply([WEB, WIN]);
    console.log(`docker e2e: 2 deckies applied in ${Date.now() - t} ms`);
    const states = Object.fromEntries(rt.report().map((r) => [r.name, r]));
    expect(states[WEB.name]?.state).toBe(HAS_HTTP ? 'running' : 'degraded');
    expect(states[WIN.name]?.state).toBe('running');
    expect(await docker('ps', '-a', '--filter', 'name=decnet-ghost', '-q')).toBe('');
    await expect(docker('network', 'inspect', 'decnet_ghost')).rejects.toThrow();

    for (const spec of [WEB, WIN]) {
      const info = JSON.parse(await docker('inspect', `decnet-${spec.name}`))[0];
      const endpoint = info.NetworkSettings.Networks[NETWORK];
      const persona = derivePersona({ deckyName: spec.name, archetype: spec.archetype, ip: endpoint.IPAddress, services: spec.services, serviceConfig: {} });
      expect(info.Config.Hostname).toBe(persona.hostname);
      expect(endpoint.MacAddress).toBe(persona.mac);
      expect(endpoint.IPAddress).toMatch(/^10\.198\.0\.(6[4-9]|[7-9]\d|1[01]\d|12[0-6])$/);
      expect(info.Config.Labels).toMatchObject({ [`${LABEL}.managed`]: 'true', [`${LABEL}.decky`]: spec.name });
      expect(info.Config.Labels[`${LABEL}.spec-hash`]).toMatch(/^[0-9a-f]{16}$/);
      const svc = JSON.parse(await docker('inspect', `decnet-${spec.name}.svc`))[0];
      expect(svc.HostConfig.NetworkMode).toBe(`container:${info.Id}`);
      expect(svc.HostConfig.LogConfig).toMatchObject({ Type: 'json-file', Config: { 'max-size': '10m' } });
    }
    // The TTL the stack uses is read inside each decky's network namespace.
    expect((await dockerExec(`decnet-${WIN.name}`, ['cat', '/proc/sys/net/ipv4/ip_default_ttl'])).trim()).toBe('128');
    expect((await dockerExec(`decnet-${WIN.name}.svc`, ['cat', '/proc/sys/net/ipv4/tcp_syn_retries'])).trim()).toBe('2');
    expect((await dockerExec(`decnet-${WEB.name}`, ['cat', '/proc/sys/net/ipv4/ip_default_ttl'])).trim()).toBe('64');
  });

  it('a client reaching the decky over the macvlan shows up through follow(), resumable by position', async () => {
    const ip = await docker('inspect', '-f', `{{(index .NetworkSettings.Networks "${NETWORK}").IPAddress}}`, `decnet-${WEB.name}`);
    const stream = (await rt.logStreams()).find((s) => s.decky === WEB.name);
    expect(stream?.live).toBe(true);
    const lines: DeckyLogLine[] = [];
    const ac = new AbortController();
    const following = rt.follow(stream!.stream, undefined, (l) => void lines.push(l), ac.signal);
    await until(() => lines.some((l) => l.line.includes(' startup ')), 10_000, 'startup lines');
    let marker: string;
    if (HAS_HTTP) {
      const res = await fetch(`http://${ip}/e2e-probe`, { headers: { 'user-agent': 'decnet-e2e' } });
      expect(res.status).toBeGreaterThan(0);
      await res.arrayBuffer();
      marker = 'e2e-probe';
    } else {
      await new Promise<void>((resolve, reject) => {
        const s = connect(22, ip, () => s.once('data', () => (s.destroy(), resolve()))).on('error', reject);
      });
      marker = ' connect ';
    }
    await until(() => lines.some((l) => l.line.includes(marker)), 10_000, `event "${marker}" in the stream`);
    ac.abort();
    await following;
    for (let i = 1; i < lines.length; i++) expect(comparePositions(lines[i - 1]!.position, lines[i]!.position)).toBeLessThan(0);
    expect(lines.every((l) => l.decky === WEB.name && l.stream === stream!.stream && l.line.startsWith('<'))).toBe(true);

    // Resuming after the first line delivers exactly the rest.
    const again: DeckyLogLine[] = [];
    const ac2 = new AbortController();
    const resumed = rt.follow(stream!.stream, lines[0]!.position, (l) => void again.push(l), ac2.signal);
    await until(() => again.length >= lines.length - 1, 10_000, 'resumed lines');
    ac2.abort();
    await resumed;
    expect(again.slice(0, lines.length - 1).map((l) => l.position)).toEqual(lines.slice(1).map((l) => l.position));
  });

  it('converges: the same spec recreates nothing; a service change recreates only that decky', async () => {
    const before = await managedIds();
    await rt.apply([WEB, WIN]);
    expect(await managedIds()).toEqual(before);

    const webBase = await idOf(`decnet-${WEB.name}`);
    const webSvc = await idOf(`decnet-${WEB.name}.svc`);
    const win = [await idOf(`decnet-${WIN.name}`), await idOf(`decnet-${WIN.name}.svc`)];
    // A follower of the replaced services container gets its last lines, then its follow() resolves.
    const tail: DeckyLogLine[] = [];
    const followed = rt.follow(`docker/${webSvc}`, undefined, (l) => void tail.push(l), new AbortController().signal);
    await rt.apply([{ ...WEB, services: ['ssh', 'telnet'] }, WIN]);
    await followed;
    expect(tail.at(-1)?.line).toMatch(/ shutdown /);
    expect(await idOf(`decnet-${WEB.name}`)).toBe(webBase); // address, MAC and hostname unchanged
    expect(await idOf(`decnet-${WEB.name}.svc`)).not.toBe(webSvc);
    expect([await idOf(`decnet-${WIN.name}`), await idOf(`decnet-${WIN.name}.svc`)]).toEqual(win);
    expect(rt.report().find((r) => r.name === WEB.name)?.state).toBe('running');
    expect((await rt.logStreams()).some((s) => s.stream === `docker/${webSvc}`)).toBe(false);
  });

  it('teardown removes every container and the network', async () => {
    await rt.teardown();
    expect(await docker('ps', '-a', '--filter', `label=${LABEL}.managed`, '-q')).toBe('');
    await expect(docker('network', 'inspect', NETWORK)).rejects.toThrow();
    expect(rt.report()).toEqual([]);
  });
});
