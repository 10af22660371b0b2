// Self-update with real processes (issue 19): compiled agent bundles stamped 2.0.0-a, -b, a broken
// one that exits at start and one whose signature is another key's. An agent on A under its
// supervisor (`run --supervise`) is pushed the broken one and rolled back to A automatically (reason
// in the API); pushed B, it runs B while a producer's events cross the switch and every one is stored
// exactly once; the foreign release is refused with the reason; a manual rollback brings A back.
import { releaseSigningMessage, Topics } from '@decnet/protocol';
import { BusClient, loadConfig, readStatus, type AgentConfig } from '@decnet/host-agent';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, lstatSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { agentConfig, ControlPlane, killed, ROOT, runCli, serviceEvent, tempDir } from './harness';

let cp: ControlPlane;
let work: string;
let config: AgentConfig;
let configPath: string;
let sup: ChildProcess | undefined;
let hostId: string;
let log = '';
const tars: Record<string, Buffer> = {};
const V = { a: '2.0.0-a', b: '2.0.0-b', broken: '2.0.0-broken', foreign: '2.0.0-foreign' };

function sh(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stdout}${r.stderr}`);
}

/**
 * Bundle A's compiled agent stamped `version`, packed. Its node_modules is a symlink to A's (the same
 * packages; keeps each tarball ~1 MB and the test fast), source maps left out. `broken`: only an entry
 * that exits at start (it never gets further); `foreign`: refused before unpacking, so no agent inside.
 */
function variant(version: string, kind: 'full' | 'broken' | 'foreign' = 'full'): void {
  const dir = join(work, `pkg-${version}`);
  mkdirSync(join(dir, 'dist'), { recursive: true });
  if (kind === 'full') {
    sh('cp', ['-a', join(work, 'A', 'host-agent'), dir]);
    sh('sh', ['-c', `cd '${join(work, 'A', 'dist')}' && cp -a $(ls | grep -v '\\.map$') '${join(dir, 'dist')}'`]);
    symlinkSync(join(work, 'A', 'node_modules'), join(dir, 'node_modules'));
  } else if (kind === 'broken') {
    sh('cp', ['-a', join(work, 'A', 'host-agent'), dir]);
    writeFileSync(join(dir, 'dist/decnet-agent.mjs'), "console.error('broken build: cannot start');\nprocess.exit(3);\n");
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'decnet-agent-bundle', private: true, type: 'module', version }));
  sh('tar', ['-czf', `${dir}.tar.gz`, '-C', dir, '.']);
  tars[version] = readFileSync(`${dir}.tar.gz`);
}

async function upload(version: string): Promise<void> {
  const bytes = tars[version]!;
  const created = await cp.api<{ chunkBytes: number }>('POST', '/api/v1/releases', { version, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
  for (let i = 0; i * created.chunkBytes < bytes.length; i++) {
    const put = () => fetch(`${cp.url}/api/v1/releases/${version}/chunks/${i}`, {
      method: 'PUT', headers: { authorization: `Bearer ${cp.token}`, 'content-type': 'application/octet-stream' }, body: new Uint8Array(bytes.subarray(i * created.chunkBytes, (i + 1) * created.chunkBytes)),
    });
    // A chunk PUT is idempotent: re-sent once when a kept-alive socket was closed under us (loaded machine).
    const res = await put().catch(() => put());
    if (res.status !== 200) throw new Error(`chunk ${i}: ${res.status} ${await res.text()}`);
  }
  await cp.api('POST', `/api/v1/releases/${version}/publish`, {});
}

type HostUpdate = { runningVersion: string | null; targetVersion: string | null; phase: string | null; reason: string | null; previousVersion: string | null };
const hostUpdate = async () => (await cp.api<{ items: HostUpdate[] }>('GET', `/api/v1/releases/hosts?host=${hostId}`)).items[0]!;
const status = () => readStatus(join(config.dataDir, 'status.json'));
const push = (version: string) => cp.api('POST', '/api/v1/releases/push', { version, target: { scope: 'host', hostId } });

beforeAll(async () => {
  work = tempDir('self-update');
  // Bundle A laid out as bundle.mjs does (compiled agent, its data, the launcher), but with the checkout's
  // node_modules linked rather than copied (install.test.ts covers the full bundle). Built first:
  // spawnSync blocks this event loop (see install.test.ts).
  sh(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--node', '--quiet']); // a no-op when up to date
  const DIST = join(ROOT, 'dist');
  const a = join(work, 'A');
  mkdirSync(join(a, 'host-agent', 'bin'), { recursive: true });
  mkdirSync(join(a, 'dist'));
  for (const f of ['decnet-agent.mjs', 'broker-thread.mjs', 'runner.mjs']) copyFileSync(join(DIST, f), join(a, 'dist', f));
  cpSync(join(DIST, 'data'), join(a, 'dist', 'data'), { recursive: true });
  writeFileSync(join(a, 'host-agent/bin/decnet-agent.mjs'), "await import('../../dist/decnet-agent.mjs');\n");
  symlinkSync(join(ROOT, 'node_modules'), join(a, 'node_modules'));
  writeFileSync(join(a, 'package.json'), JSON.stringify({ name: 'decnet-agent-bundle', private: true, type: 'module', version: V.a }));
  variant(V.a);
  variant(V.b);
  variant(V.broken, 'broken');
  variant(V.foreign, 'foreign');
  cp = await ControlPlane.start();
  for (const v of Object.values(V)) await upload(v);
  // "Signed by another key": the foreign release's signature replaced by one from a key that is not the CA's.
  const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const f = tars[V.foreign]!;
  const forged = sign('sha256', releaseSigningMessage({ version: V.foreign, sha256: createHash('sha256').update(f).digest('hex'), size: f.length }), { key: other, dsaEncoding: 'ieee-p1363' }).toString('base64');
  const db = cp.db();
  await db.execute({ sql: 'UPDATE agent_releases SET signature = ? WHERE version = ?', args: [forged, V.foreign] });
  db.close();
  const tok = await cp.enrollmentToken('updating-01');
  configPath = agentConfig(join(work, 'agent'), { spool: { flushIntervalMs: 50 }, updateHealthDeadlineMs: 60_000 }).path;
  expect((await runCli(['enroll', '--url', cp.url, '--token', tok.token, '--config', configPath])).code).toBe(0);
  config = loadConfig(configPath);
  hostId = config.hostId!;
  sup = spawn(process.execPath, [join(work, 'A', 'host-agent/bin/decnet-agent.mjs'), 'run', '--config', configPath, '--supervise'], { stdio: ['ignore', 'pipe', 'pipe'] });
  sup.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  sup.stderr!.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-200_000)));
}, 180_000);

afterAll(async () => {
  const child = config && status()?.pid;
  if (sup) await killed(sup, 'SIGTERM');
  if (child) try { process.kill(child, 'SIGKILL'); } catch { /* gone with its supervisor */ }
  await cp?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

const running = (version: string) => async () => {
  const s = status();
  return s?.version === version && s.workers.every((w) => w.state === 'running') && s.heartbeat?.ok === true;
};

it('runs A; a broken release is rolled back to A automatically, with the reason in the API', async () => {
  await expect.poll(running(V.a), { timeout: 30_000, interval: 200 }).toBe(true);
  const firstPid = status()!.pid;
  await push(V.broken);
  await expect.poll(async () => (await hostUpdate()).phase, { timeout: 40_000, interval: 250 }).toBe('rolled_back');
  const u = await hostUpdate();
  expect(u.reason).toMatch(/version 2\.0\.0-broken exited \(code 3\) before it was healthy: broken build: cannot start; switched back to 2\.0\.0-a/);
  await expect.poll(running(V.a), { timeout: 30_000, interval: 200 }).toBe(true);
  expect(status()!.pid).not.toBe(firstPid); // a new process, from A again
  const layout = join(config.dataDir, 'releases');
  expect(readFileSync(join(layout, 'update.json'), 'utf8')).toContain('"phase":"rolled_back"');
  expect(lstatSync(join(layout, 'current')).isSymbolicLink()).toBe(true);
  expect(sup!.exitCode).toBeNull(); // the supervisor stayed
  await expect.poll(async () => (await hostUpdate()).runningVersion, { timeout: 10_000 }).toBe(V.a);
}, 90_000);

it('pushed B, it runs B; events produced across the switch are stored exactly once; the spool stays in the data directory', async () => {
  const bus = new BusClient({ address: { socketPath: join(config.dataDir, 'bus.sock') }, clientId: 'update-producer' });
  await bus.ready();
  const produced: string[] = [];
  let stop = false;
  // At-least-once from the producer (a burst is re-sent until stored, as a sensor would) + idempotent ingest.
  const producer = (async () => {
    for (let k = 0; !stop; k++) {
      const events = Array.from({ length: 10 }, (_, i) => serviceEvent(k * 10 + i, 'web-upd'));
      produced.push(...events.map((e) => e.id));
      for (let attempt = 0; ; attempt++) {
        bus.publish(Topics.eventsIngest, 'service.events', { events });
        const until = Date.now() + 3000;
        let stored = false;
        while (!stored && Date.now() < until) {
          await new Promise((r) => setTimeout(r, 100));
          const db = cp.db();
          const r = await db.execute({ sql: `SELECT count(DISTINCT id) AS n FROM events WHERE id IN (${events.map(() => '?').join(',')})`, args: events.map((e) => e.id) });
          db.close();
          stored = Number(r.rows[0]!.n) === events.length;
        }
        if (stored || attempt > 20) break;
      }
    }
  })();
  await expect.poll(() => produced.length, { timeout: 10_000 }).toBeGreaterThan(30);
  try {
    await push(V.b);
    await expect.poll(async () => ['healthy', 'rolled_back', 'failed'].includes((await hostUpdate()).phase ?? ''), { timeout: 90_000, interval: 250 }).toBe(true);
    expect(await hostUpdate(), log.slice(-4000)).toMatchObject({ phase: 'healthy', targetVersion: V.b });
    await expect.poll(running(V.b), { timeout: 20_000, interval: 200 }).toBe(true);
    await new Promise((r) => setTimeout(r, 1000)); // a few bursts into B
  } finally {
    stop = true;
    await producer;
    await bus.close();
  }
  const db = cp.db();
  const r = await db.execute({ sql: 'SELECT count(*) AS n, count(DISTINCT id) AS d FROM events WHERE host_id = ? AND decky = ?', args: [hostId, 'web-upd'] });
  db.close();
  expect({ total: Number(r.rows[0]!.n), distinct: Number(r.rows[0]!.d) }).toEqual({ total: produced.length, distinct: produced.length });
  // B runs from its own version directory; the spool and identity never moved.
  const current = readFileSync(join(config.dataDir, 'releases', 'update.json'), 'utf8');
  expect(JSON.parse(current)).toMatchObject({ version: V.b, phase: 'healthy' });
  expect(existsSync(join(config.dataDir, 'spool'))).toBe(true);
  expect(existsSync(join(config.dataDir, 'releases', 'versions'))).toBe(true);
  await expect.poll(async () => (await hostUpdate()).runningVersion, { timeout: 10_000 }).toBe(V.b);
}, 90_000);

it('a manual rollback returns to A; a release signed by another key is refused (reason in the API) and A keeps running', async () => {
  const rb = await cp.api<HostUpdate>('POST', `/api/v1/hosts/${hostId}/rollback`, {});
  expect(rb).toMatchObject({ targetVersion: V.a, previousVersion: V.b, phase: 'pending' });
  await expect.poll(async () => (await hostUpdate()).phase, { timeout: 40_000, interval: 250 }).toBe('healthy');
  await expect.poll(running(V.a), { timeout: 20_000, interval: 200 }).toBe(true);
  await push(V.foreign);
  await expect.poll(async () => (await hostUpdate()).phase, { timeout: 30_000, interval: 250 }).toBe('failed');
  expect((await hostUpdate()).reason).toMatch(/refused: release 2\.0\.0-foreign is not signed by the control plane CA this agent pinned/);
  expect(status()!.version).toBe(V.a);
  expect(realpathSync(join(config.dataDir, 'releases', 'current'))).toContain(`versions/${V.a}-`); // A, downloaded as a release
}, 90_000);
