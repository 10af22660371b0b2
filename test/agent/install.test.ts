// install.sh on this machine (Debian, root, no systemd) against a real control plane, under a
// temporary --prefix: installs the agent bundle, creates the service user, enrolls, writes the
// unit, says systemd is absent and prints the command to run the agent by hand; that command
// works; a second run is idempotent.
import { Topics } from '@decnet/protocol';
import { BusClient, readStatus } from '@decnet/host-agent';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlPlane, killed, ROOT, serviceEvent, tempDir } from './harness';

const isRoot = process.getuid?.() === 0;
let cp: ControlPlane;
let prefix: string;
let agentProc: ChildProcess | undefined;

function install(args: string[]): { code: number; out: string } {
  const r = spawnSync('bash', [join(ROOT, 'host-agent/install.sh'), ...args], { encoding: 'utf8', env: { ...process.env, DECNET_AGENT_SRC: ROOT } });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

beforeAll(async () => {
  if (!isRoot) return;
  cp = await ControlPlane.start();
  prefix = tempDir('install');
  chmodSync(prefix, 0o755); // the service user must reach the prefix
});

afterAll(async () => {
  if (agentProc) await killed(agentProc, 'SIGTERM');
  await cp?.stop();
  if (prefix) rmSync(prefix, { recursive: true, force: true });
});

describe.skipIf(!isRoot)('install.sh', () => {
  let tok: { token: string; caSha256: string };
  let runCommand: string;

  it('installs, enrolls, writes the unit and explains how to run without systemd', async () => {
    tok = await cp.enrollmentToken('installed-01');
    const r = install(['--url', cp.url, '--token', tok.token, '--ca-sha256', tok.caSha256, '--name', 'installed-01', '--prefix', prefix]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/enrolled as host [0-9a-f-]{36}/);
    expect(r.out).toMatch(/systemd is not running on this host/);
    runCommand = /runuser -u decnet -- (.+)$/m.exec(r.out)![1]!.trim();
    expect(runCommand).toBe(`${process.execPath} ${prefix}/opt/decnet-agent/host-agent/bin/decnet-agent.mjs run --config ${prefix}/etc/decnet/agent.json`);
    const unit = readFileSync(join(prefix, 'etc/systemd/system/decnet-agent.service'), 'utf8');
    expect(unit).toMatch(/^Restart=on-failure$/m);
    expect(unit).toContain(`ExecStart=${runCommand}`);
    expect(unit).toMatch(/^User=decnet$/m);
    const uid = Number(spawnSync('id', ['-u', 'decnet'], { encoding: 'utf8' }).stdout);
    const key = statSync(join(prefix, 'var/lib/decnet/tls/agent.key'));
    expect([key.mode & 0o777, key.uid]).toEqual([0o600, uid]);
    const config = statSync(join(prefix, 'etc/decnet/agent.json'));
    expect([config.mode & 0o777, config.uid]).toEqual([0o600, uid]);
    expect(statSync(join(prefix, 'opt/decnet-agent/node_modules/aedes/package.json')).isFile()).toBe(true);
  }, 120_000);

  it('is idempotent: a second run upgrades the bundle and keeps the enrollment', () => {
    const r = install(['--url', cp.url, '--token', tok.token, '--prefix', prefix]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/already enrolled as host/);
  }, 120_000);

  it('the printed command runs the agent as the service user, and events reach the control plane', async () => {
    const [bin, ...args] = runCommand.split(' ');
    agentProc = spawn('runuser', ['-u', 'decnet', '--', bin!, ...args], { stdio: 'ignore' });
    const statusFile = join(prefix, 'var/lib/decnet/status.json');
    await expect.poll(() => readStatus(statusFile)?.workers.filter((w) => w.state === 'running').length, { timeout: 30_000 }).toBe(7); // bus, ingest, collector, mutator, uplink, heartbeat, desired-state
    const sock = join(prefix, 'var/lib/decnet/bus.sock');
    expect(statSync(sock).mode & 0o777).toBe(0o660);
    const bus = new BusClient({ address: { socketPath: sock }, clientId: 'installed-collector' });
    await bus.ready();
    bus.publish(Topics.eventsIngest, 'service.events', { events: Array.from({ length: 25 }, (_, i) => serviceEvent(i, 'web-07')) });
    await expect.poll(async () => (await cp.eventCounts()).total, { timeout: 20_000 }).toBe(25);
    await bus.close();
  }, 60_000);
});
