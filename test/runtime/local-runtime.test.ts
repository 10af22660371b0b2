// The local runtime end to end: deckies on their own loopback addresses, real clients (OpenSSH,
// curl, redis-cli, a telnet login), the collector's events, a runner killed with SIGKILL and
// restarted, and a teardown that leaves no process.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DeckySpec, ServiceEvent } from '@decnet/protocol';
import { templateFor } from '@decnet/templates';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalRuntime } from '../../host-agent/src/runtime/local/local-runtime';
import { localRuntimePaths, readLocalState } from '../../host-agent/src/runtime/local/state-file';
import { runnerPidsOf, spoolCollector, until } from '../../host-agent/src/runtime/local/testing';
import type { CollectorWorker } from '../../host-agent/src/workers/collector/collector-worker';

const run = promisify(execFile);
const suffix = Math.random().toString(36).slice(2, 8);
const WEB = `e2e-web-${suffix}`;
const DB = `e2e-db-${suffix}`;
const hasHttp = templateFor('http') !== undefined;
const dbService = templateFor('redis') ? 'redis' : 'telnet';

let dir: string;
let runtime: LocalRuntime;
let collector: CollectorWorker;
let stored: ServiceEvent[];
let closeSpool: () => Promise<void>;

const deckies: DeckySpec[] = [
  { name: WEB, services: hasHttp ? ['ssh', 'http'] : ['ssh'], serviceConfig: { ssh: { password: 'correct-horse', auth_failure_delay_ms: '0' } } },
  { name: DB, services: [dbService], serviceConfig: { [dbService]: { auth_failure_delay_ms: '0', password: 'not-this' } } },
];

const endpoint = (decky: string, service: string) => {
  const e = runtime.endpoints().find((x) => x.decky === decky && x.service === service);
  if (!e) throw new Error(`no endpoint for ${decky}/${service}`);
  return e;
};
const find = (pred: (e: ServiceEvent) => boolean) => stored.find(pred);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'decnet-local-'));
  runtime = await LocalRuntime.open({ dataDir: dir, backoff: { baseMs: 200, maxMs: 1000 }, stopTimeoutMs: 3000 });
  const c = await spoolCollector(runtime, dir);
  stored = c.stored;
  closeSpool = () => c.spool.spool.close();
  collector = c.make();
  await collector.start();
  await runtime.apply(deckies);
});

afterAll(async () => {
  await runtime?.close();
  await collector?.stop();
  await closeSpool?.();
  rmSync(dir, { recursive: true, force: true });
});

describe('LocalRuntime', () => {
  it('runs each decky on its own loopback address with its services', () => {
    expect(runtime.report().map((r) => [r.name, r.state, r.runtime, r.services])).toEqual([[WEB, 'running', 'local', deckies[0]!.services], [DB, 'running', 'local', [dbService]]]);
    const web = endpoint(WEB, 'ssh');
    const db = endpoint(DB, dbService);
    expect(web.host).toMatch(/^127\.(?!0\.)\d+\.\d+\.\d+$/);
    expect(db.host).toMatch(/^127\.(?!0\.)\d+\.\d+\.\d+$/);
    expect(web.host).not.toBe(db.host);
    // The real port when it can be bound (root, and no sshd on *:22); else a mapped one, and the report says so.
    if (web.mapped) expect(runtime.report()[0]!.error).toMatch(/mapped ports: ssh 22->\d+ \(E[A-Z]+/);
    else expect(web.port).toBe(22);
    expect(readLocalState(localRuntimePaths(dir).state)?.deckies.map((d) => d.name)).toEqual([WEB, DB]);
  });

  it('a real OpenSSH client with a wrong password becomes an auth_attempt with the credential', async () => {
    const { host, port } = endpoint(WEB, 'ssh');
    const ssh = run('sshpass', ['-p', 'wrong-pass-1', 'ssh', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'PreferredAuthentications=password', '-o', 'PubkeyAuthentication=no', '-o', 'ConnectTimeout=5', '-p', String(port), `root@${host}`, 'true']);
    await expect(ssh).rejects.toThrow(); // permission denied
    await until(() => Boolean(find((e) => e.eventType === 'auth_attempt' && e.decky === WEB)), 10_000, 'ssh auth_attempt');
    expect(find((e) => e.eventType === 'auth_attempt' && e.decky === WEB)).toMatchObject({
      decky: WEB, service: 'ssh', srcIp: expect.stringMatching(/^127\./),
      fields: { principal: 'root', username: 'root', secret_kind: 'plaintext', secret_printable: 'wrong-pass-1', outcome: 'failure' },
    });
    expect(find((e) => e.eventType === 'connect' && e.decky === WEB)?.srcPort).toBeGreaterThan(0);
  });

  it.runIf(hasHttp)('curl against the http decky becomes a request event', async () => {
    const { host, port } = endpoint(WEB, 'http');
    await run('curl', ['-s', '-o', '/dev/null', '--max-time', '5', `http://${host}:${port}/wp-login.php`]);
    await until(() => Boolean(find((e) => e.service === 'http' && e.eventType === 'request')), 10_000, 'http request');
    expect(find((e) => e.service === 'http' && e.eventType === 'request')).toMatchObject({
      decky: WEB, srcIp: expect.stringMatching(/^127\./), fields: { method: 'GET', path: '/wp-login.php' },
    });
  });

  it(`a ${dbService} login on the second decky is captured`, async () => {
    const { host, port } = endpoint(DB, dbService);
    if (dbService === 'redis') await run('redis-cli', ['-h', host, '-p', String(port), 'AUTH', 'hunter2']).catch(() => {});
    else await telnetLogin(host, port, 'admin', 'hunter2');
    const isAuth = (e: ServiceEvent) => e.decky === DB && e.service === dbService && e.fields.secret_printable === 'hunter2';
    await until(() => Boolean(find(isAuth)), 10_000, `${dbService} credential`);
    expect(find(isAuth)).toMatchObject({ srcIp: expect.stringMatching(/^127\./), fields: { secret_kind: 'plaintext' } });
  });

  it('restarts a runner killed with SIGKILL and reports the crash', async () => {
    const [pid] = runnerPidsOf(DB);
    expect(pid).toBeGreaterThan(0);
    process.kill(pid!, 'SIGKILL');
    await until(() => runtime.report().some((r) => r.name === DB && r.state === 'degraded' && /SIGKILL/.test(r.error ?? '')), 5000, 'degraded report');
    await until(() => runtime.report().some((r) => r.name === DB && r.state === 'running'), 20_000, 'restart');
    expect(runtime.report().find((r) => r.name === DB)?.error).toMatch(/restarted 1x/);
    const pids = runnerPidsOf(DB);
    expect(pids).toHaveLength(1);
    expect(pids[0]).not.toBe(pid);
    // The restarted runner writes a new stream; the collector follows it too.
    await until(async () => (await runtime.logStreams()).filter((s) => s.decky === DB).length === 2, 5000, 'second stream');
    await until(() => stored.filter((e) => e.decky === DB && e.eventType === 'startup').length === 2, 10_000, 'second startup event');
  });

  it('teardown stops every runner and leaves no process', async () => {
    const before = [...runnerPidsOf(WEB), ...runnerPidsOf(DB)];
    expect(before.length).toBe(2);
    await runtime.apply([deckies[0]!]);
    expect(runtime.report().map((r) => r.name)).toEqual([WEB]);
    expect(runnerPidsOf(DB)).toEqual([]);
    await runtime.apply([]);
    expect(runtime.report()).toEqual([]);
    expect([...runnerPidsOf(WEB), ...runnerPidsOf(DB)]).toEqual([]);
    await until(() => stored.some((e) => e.decky === WEB && e.eventType === 'shutdown'), 5000, 'shutdown event');
  });
});

/** A telnet login by hand: refuses every option (RFC 854: DO -> WONT, WILL -> DONT), then logs in. */
function telnetLogin(host: string, port: number, user: string, password: string): Promise<void> {
  const IAC = 255, DONT = 254, DO = 253, WONT = 252, WILL = 251;
  return new Promise((resolve, reject) => {
    const s = connect(port, host);
    let seen = '';
    let step = 0;
    const timer = setTimeout(() => (s.destroy(), reject(new Error(`telnet: no prompt (${JSON.stringify(seen.slice(-80))})`))), 8000);
    s.on('data', (d: Buffer) => {
      for (let i = 0; i < d.length; i++) {
        if (d[i] === IAC && (d[i + 1] === DO || d[i + 1] === WILL) && i + 2 < d.length) {
          s.write(Buffer.from([IAC, d[i + 1] === DO ? WONT : DONT, d[i + 2]!]));
          i += 2;
        } else if (d[i]! < 128) seen += String.fromCharCode(d[i]!);
      }
      if (step === 0 && /login: ?$/i.test(seen)) {
        step = 1;
        s.write(`${user}\r\n`);
      } else if (step === 1 && /password: ?$/i.test(seen)) {
        step = 2;
        s.write(`${password}\r\n`);
        setTimeout(() => (clearTimeout(timer), s.destroy(), resolve()), 300);
      }
    });
    s.on('error', reject);
  });
}
