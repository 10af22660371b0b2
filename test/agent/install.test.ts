// install.sh on this machine (Debian, root, no systemd) against a real control plane, under a
// temporary --prefix: installs a prebuilt agent bundle (built into a world-readable temp dir, so the
// test does not depend on where the checkout sits), creates the service user, enrolls, writes the unit,
// says systemd is absent and prints the command to run the agent by hand; a second run from the
// checkout is idempotent; the agent, run as the service user from a directory that user cannot enter,
// brings up its workers, runs a decky from the compiled runner, and events reach the control plane.
import { Topics } from '@decnet/protocol';
import { BusClient, readStatus } from '@decnet/host-agent';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runnerPidsOf } from '../../host-agent/src/runtime/local/testing';
import { ControlPlane, killed, ROOT, serviceEvent, tempDir } from './harness';

const isRoot = process.getuid?.() === 0;
let cp: ControlPlane;
let prefix: string;
let bundle: string;
let closedDir: string;
let agentProc: ChildProcess | undefined;

/** Runs install.sh from `from` (a built bundle or the checkout); DECNET_AGENT_SRC never set. */
function install(from: string, args: string[]): { code: number; out: string } {
  const env = { ...process.env };
  delete env.DECNET_AGENT_SRC;
  const r = spawnSync('bash', [join(from, 'host-agent/install.sh'), ...args], { encoding: 'utf8', env });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

beforeAll(async () => {
  if (!isRoot) return;
  // Built before the control plane starts: spawnSync blocks this event loop, and a keep-alive socket
  // the server closes meanwhile would be reused before its close is seen.
  bundle = join(tempDir('agent-bundle'), 'b');
  const b = spawnSync(process.execPath, [join(ROOT, 'host-agent/scripts/bundle.mjs'), '--out', bundle], { encoding: 'utf8' });
  if (b.status !== 0) throw new Error(`bundle.mjs failed: ${b.stdout}${b.stderr}`);
  cp = await ControlPlane.start();
  prefix = tempDir('install');
  chmodSync(prefix, 0o755); // the service user must reach the prefix
  closedDir = tempDir('closed'); // mode 0700, owned by root: the service user cannot enter it
  chmodSync(closedDir, 0o700);
}, 180_000);

afterAll(async () => {
  if (agentProc) await killed(agentProc, 'SIGTERM');
  await cp?.stop();
  for (const d of [prefix, bundle && join(bundle, '..'), closedDir]) if (d) rmSync(d, { recursive: true, force: true });
});

/** Live processes with their command line and real uid (from /proc). */
function processes(): { pid: number; uid: number; cmdline: string }[] {
  return readdirSync('/proc').filter((n) => /^\d+$/.test(n)).flatMap((n) => {
    try {
      const uid = Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${n}/status`, 'utf8'))?.[1]);
      return [{ pid: Number(n), uid, cmdline: readFileSync(`/proc/${n}/cmdline`, 'utf8').split('\0').join(' ') }];
    } catch {
      return []; // exited meanwhile
    }
  });
}

describe.skipIf(!isRoot)('install.sh', () => {
  let tok: { token: string; caSha256: string };
  let runCommand: string;

  it('installs a prebuilt bundle, enrolls, writes the unit and explains how to run without systemd', async () => {
    tok = await cp.enrollmentToken('installed-01');
    const r = install(bundle, ['--url', cp.url, '--token', tok.token, '--ca-sha256', tok.caSha256, '--name', 'installed-01', '--prefix', prefix]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain(`installing the agent bundle ${bundle}`);
    expect(r.out).toMatch(/enrolled as host [0-9a-f-]{36}/);
    expect(r.out).toMatch(/systemd is not running on this host/);
    // The printed command leaves the caller's directory (maybe root's 0700 home) for the data directory.
    expect(r.out).toContain(`cd ${prefix}/var/lib/decnet && runuser -u decnet -- `);
    runCommand = /runuser -u decnet -- (.+)$/m.exec(r.out)![1]!.trim();
    expect(runCommand).toBe(`${process.execPath} ${prefix}/opt/decnet-agent/host-agent/bin/decnet-agent.mjs run --config ${prefix}/etc/decnet/agent.json --supervise`);
    const unit = readFileSync(join(prefix, 'etc/systemd/system/decnet-agent.service'), 'utf8');
    expect(unit).toMatch(/^Restart=on-failure$/m);
    expect(unit).toContain(`WorkingDirectory=${prefix}/var/lib/decnet`);
    expect(unit).toContain(`ExecStart=${runCommand}`);
    expect(unit).toMatch(/^User=decnet$/m);
    const uid = Number(spawnSync('id', ['-u', 'decnet'], { encoding: 'utf8' }).stdout);
    const key = statSync(join(prefix, 'var/lib/decnet/tls/agent.key'));
    expect([key.mode & 0o777, key.uid]).toEqual([0o600, uid]);
    const config = statSync(join(prefix, 'etc/decnet/agent.json'));
    expect([config.mode & 0o777, config.uid]).toEqual([0o600, uid]);
    expect(statSync(join(prefix, 'opt/decnet-agent/node_modules/aedes/package.json')).isFile()).toBe(true);
    // Compiled: nothing in the installed agent transpiles at run time.
    for (const f of ['decnet-agent.mjs', 'broker-thread.mjs', 'runner.mjs']) expect(statSync(join(prefix, 'opt/decnet-agent/dist', f)).isFile()).toBe(true);
    expect(existsSync(join(prefix, 'opt/decnet-agent/node_modules/tsx'))).toBe(false);
    expect(existsSync(join(prefix, 'opt/decnet-agent/host-agent/src'))).toBe(false);
  }, 120_000);

  it('is idempotent: a second run (from the checkout) upgrades the bundle and keeps the enrollment', () => {
    const r = install(ROOT, ['--url', cp.url, '--token', tok.token, '--prefix', prefix]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain(`installing the agent from the checkout`);
    expect(r.out).toMatch(/already enrolled as host/);
  }, 120_000);

  it('run as the service user from a directory it cannot enter, the agent comes up, runs a decky, and events reach the control plane', async () => {
    const denied = spawnSync('runuser', ['-u', 'decnet', '--', 'test', '-x', closedDir]);
    expect(denied.status).not.toBe(0); // the premise: the inherited working directory is closed to decnet
    const [bin, ...args] = runCommand.split(' ');
    agentProc = spawn('runuser', ['-u', 'decnet', '--', bin!, ...args], { stdio: 'ignore', cwd: closedDir });
    const statusFile = join(prefix, 'var/lib/decnet/status.json');
    await expect.poll(() => readStatus(statusFile)?.workers.filter((w) => w.state === 'running').length, { timeout: 30_000 }).toBe(9); // bus, ingest, collector, sniffer (degraded without capture rights), prober (idle unless switched on), mutator, uplink, heartbeat, desired-state
    const sock = join(prefix, 'var/lib/decnet/bus.sock');
    expect(statSync(sock).mode & 0o777).toBe(0o660);
    const bus = new BusClient({ address: { socketPath: sock }, clientId: 'installed-collector' });
    await bus.ready();
    bus.publish(Topics.eventsIngest, 'service.events', { events: Array.from({ length: 25 }, (_, i) => serviceEvent(i, 'web-07')) });
    await expect.poll(async () => (await cp.eventCounts()).total, { timeout: 20_000 }).toBe(25);
    await bus.close();
    // A decky: the agent spawns the compiled runner (as decnet, working directory set) and reports it running.
    const hostId = readStatus(statusFile)!.hostId!;
    await cp.api('POST', '/api/v1/deckies', { name: 'web-07', services: ['http'], hostId });
    await expect
      .poll(async () => (await cp.api<{ items: Array<{ name: string; reported: { state: string } | null }> }>('GET', '/api/v1/deckies')).items.find((d) => d.name === 'web-07')?.reported?.state, { timeout: 30_000 })
      .toBe('running');
    const runner = processes().find((p) => runnerPidsOf('web-07').includes(p.pid)); // its runner group
    expect(runner?.cmdline).toContain(`${prefix}/opt/decnet-agent/dist/runner.mjs`);
    expect(runner?.uid).toBe(Number(spawnSync('id', ['-u', 'decnet'], { encoding: 'utf8' }).stdout));
  }, 90_000);
});
