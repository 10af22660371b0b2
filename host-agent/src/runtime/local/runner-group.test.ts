// Several deckies in one runner process (deckiesPerRunner): each answers on its own address and logs
// to its own files under its own name; one rotates, one stops, one is refused, while the other keeps
// serving; a killed group restarts every decky in it; a group's pid file is what the next agent reaps.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeckySpec } from '@decnet/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allLogFiles } from './log-files';
import { LocalRuntime } from './local-runtime';
import { localRuntimePaths } from './state-file';
import { runnerPidsOf, until } from './testing';

const suffix = Math.random().toString(36).slice(2, 8);
const A = `grp-a-${suffix}`;
const B = `grp-b-${suffix}`;
const spec = (name: string): DeckySpec => ({ name, services: ['telnet'], serviceConfig: {} });
const dir = mkdtempSync(join(tmpdir(), 'decnet-group-'));
const paths = localRuntimePaths(dir);
let rt: LocalRuntime;

const endpointOf = (decky: string) => rt.endpoints().find((e) => e.decky === decky)!;
/** Connects, waits for the telnet server's first bytes (its option negotiation), closes. */
const answers = (decky: string) => new Promise<boolean>((ok) => {
  const { host, port } = endpointOf(decky);
  const s = connect(port, host);
  s.once('data', () => (s.destroy(), ok(true)));
  s.once('error', () => ok(false));
});
const linesOf = (decky: string) => allLogFiles(paths.logs).filter((f) => f.decky === decky).flatMap((f) => readFileSync(f.path, 'utf8').split('\n').filter(Boolean));
const streamsOf = async (decky: string) => (await rt.logStreams()).filter((s) => s.decky === decky);

beforeAll(async () => {
  rt = await LocalRuntime.open({ dataDir: dir, deckiesPerRunner: 2, logFileMaxBytes: 2048, backoff: { baseMs: 100, maxMs: 500 }, stopTimeoutMs: 3000 });
  await rt.apply([spec(A), spec(B)]);
});

afterAll(async () => {
  await rt?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a runner group of two deckies', () => {
  it('runs both in one process, each on its own address, each logging under its own name', async () => {
    expect(rt.report().map((r) => [r.name, r.state])).toEqual([[A, 'running'], [B, 'running']]);
    const [pid] = runnerPidsOf(A);
    expect(pid).toBeGreaterThan(0);
    expect(runnerPidsOf(B)).toEqual([pid]);
    expect(readdirSync(paths.pids)).toEqual([expect.stringMatching(/^group-g[0-9a-f]{12}\.json$/)]); // one pid file, for the group
    expect(endpointOf(A).host).not.toBe(endpointOf(B).host);
    expect([await answers(A), await answers(B)]).toEqual([true, true]);
    await until(() => linesOf(A).some((l) => / telnet - connect /.test(l)) && linesOf(B).some((l) => / telnet - connect /.test(l)), 5000, 'connect events');
    for (const [decky, other] of [[A, B], [B, A]] as const) {
      expect(linesOf(decky).every((l) => l.split(' ')[2] === decky)).toBe(true); // HOSTNAME = the decky, never its neighbour
      expect(linesOf(decky).some((l) => l.includes(` ${other} `))).toBe(false);
      expect(linesOf(decky).filter((l) => / telnet - connect \[relay@55555 src_ip="127\./.test(l)).length).toBeGreaterThan(0);
    }
  });

  it('rotates one decky past the cap; the other keeps its file and its process', async () => {
    const pid = runnerPidsOf(B)[0];
    const bStreams = (await streamsOf(B)).map((s) => s.stream);
    for (let i = 0; i < 40 && (await streamsOf(A)).length < 2; i++) await answers(A);
    await until(async () => (await streamsOf(A)).length >= 2 && (await streamsOf(A)).filter((s) => s.live).length === 1, 5000, 'A rotated');
    expect((await streamsOf(A)).at(-1)!.live).toBe(true);
    expect((await streamsOf(B)).map((s) => s.stream)).toEqual(bStreams);
    expect(runnerPidsOf(B)).toEqual([pid]);
    expect(await answers(A)).toBe(true);
  });

  it('stops one decky without disturbing the other', async () => {
    const pid = runnerPidsOf(B)[0];
    const a = endpointOf(A);
    await rt.apply([spec(B)]);
    expect(rt.report().map((r) => r.name)).toEqual([B]);
    expect(runnerPidsOf(A)).toEqual([]);
    expect(runnerPidsOf(B)).toEqual([pid]);
    expect(await answers(B)).toBe(true);
    const refused = await new Promise<string>((ok) => connect(a.port, a.host).once('error', (e: NodeJS.ErrnoException) => ok(e.code ?? '')).once('connect', () => ok('connected')));
    expect(refused).toBe('ECONNREFUSED');
    expect(linesOf(A).at(-1)).toMatch(new RegExp(` ${A} telnet - shutdown -$`));
    expect(linesOf(B).some((l) => / shutdown /.test(l))).toBe(false);
  });

  it('a decky its group cannot start is refused and retried alone; its neighbour keeps serving', async () => {
    const pid = runnerPidsOf(B)[0];
    const bad: DeckySpec = { name: `grp-bad-${suffix}`, services: ['telnet'], serviceConfig: { telnet: { auth_failure_delay_ms: 'soon' } } };
    await rt.apply([spec(B), bad]);
    await until(() => rt.report().find((r) => r.name === bad.name)?.state === 'failed', 15_000, 'the bad decky failed after its retries');
    expect(rt.report().find((r) => r.name === bad.name)?.error).toMatch(/runner refused the decky: \[grp-bad-\w+\.telnet\] invalid config/);
    expect(rt.report().find((r) => r.name === B)?.state).toBe('running');
    expect(runnerPidsOf(B)).toEqual([pid]);
    expect(await answers(B)).toBe(true);
  });

  it('a decky that joins later shares the group; a killed group is restarted with every decky in it', async () => {
    await rt.apply([spec(B), spec(A)]);
    const [pid] = runnerPidsOf(B);
    expect(runnerPidsOf(A)).toEqual([pid]);
    process.kill(pid!, 'SIGKILL');
    // Both crashed with their process and were started again (the count shows once a decky is ready).
    await until(() => rt.report().every((r) => r.state === 'running' && /restarted 1x/.test(r.error ?? '')), 20_000, 'both restarted');
    const [again] = runnerPidsOf(A);
    expect(again).not.toBe(pid);
    expect(runnerPidsOf(B)).toEqual([again]);
    expect([await answers(A), await answers(B)]).toEqual([true, true]);
    await rt.close();
    expect([...runnerPidsOf(A), ...runnerPidsOf(B)]).toEqual([]);
    expect(readdirSync(paths.pids)).toEqual([]);
  });
});
