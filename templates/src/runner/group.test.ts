// The runner in group mode (`main.ts --group ID`) as the local runtime drives it: deckies started and
// stopped over stdin, every status line naming its decky, a refused start that leaves the others
// serving, rotation of one decky's file, and EOF on stdin (the agent gone) ending the whole group.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError } from './cli-args';
import { parseGroupArgs } from './group';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const MAIN = join(import.meta.dirname, 'main.ts');
const dir = mkdtempSync(join(tmpdir(), 'runner-group-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseGroupArgs', () => {
  it('takes a group id and an optional grace, and nothing else', () => {
    expect(parseGroupArgs(['--decky', 'd'])).toBeUndefined();
    expect(parseGroupArgs(['--group', 'g1'])).toEqual({ group: 'g1', orphanGraceMs: 60_000 });
    expect(parseGroupArgs(['--group', 'g1', '--orphan-grace-ms', '0'])).toEqual({ group: 'g1', orphanGraceMs: 0 });
    expect(() => parseGroupArgs(['--group', '../x'])).toThrow(CliError);
    expect(() => parseGroupArgs(['--group', 'g1', '--decky', 'd'])).toThrow(/only --orphan-grace-ms/);
  });
});

describe('main.ts --group', () => {
  it('hosts deckies started and stopped over stdin, each reported under its own name', async () => {
    const child = spawn(TSX, [MAIN, '--group', 'gtest', '--orphan-grace-ms', '0'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    const statuses: Array<Record<string, unknown>> = [];
    let held = '';
    child.stderr.on('data', (d: Buffer) => {
      held += d.toString();
      for (let nl = held.indexOf('\n'); nl >= 0; nl = held.indexOf('\n')) {
        const line = held.slice(0, nl);
        held = held.slice(nl + 1);
        if (line.startsWith('{')) statuses.push(JSON.parse(line) as Record<string, unknown>);
      }
    });
    const send = (cmd: unknown) => child.stdin.write(`${JSON.stringify(cmd)}\n`);
    const seen = async (pred: (s: Record<string, unknown>) => boolean, what: string) => {
      for (const end = Date.now() + 20_000; !statuses.some(pred); await new Promise((r) => setTimeout(r, 50))) {
        if (Date.now() > end) throw new Error(`no ${what} in ${JSON.stringify(statuses)}`);
      }
      return statuses.find(pred)!;
    };
    const argv = (decky: string, file: string, extra: string[] = []) => ['--decky', decky, '--services', 'telnet', '--host', '127.0.0.1', '--port-map', 'telnet=0', '--log-file', join(dir, decky, file), ...extra];
    for (const d of ['one', 'two']) mkdirSync(join(dir, d), { recursive: true });

    send({ start: { decky: 'one', argv: argv('one', '100.log') } });
    send({ start: { decky: 'two', argv: argv('two', '100.log', ['--services', 'telnet,nosuchsvc']) } });
    send({ start: { decky: 'bad', argv: ['--decky', 'bad', '--archetype', 'toaster', '--log-file', join(dir, 'bad.log')] } });
    send({ start: { decky: 'nolog', argv: ['--decky', 'nolog', '--services', 'telnet'] } });
    send({ bogus: true });
    const one = await seen((s) => s.ready === true && s.decky === 'one', 'ready of one');
    await seen((s) => s.ready === true && s.decky === 'two', 'ready of two');
    expect(await seen((s) => s.startFailed === 'bad', 'refusal of bad')).toMatchObject({ decky: 'bad', usage: true, reason: expect.stringMatching(/--archetype: unknown/) });
    expect(await seen((s) => s.startFailed === 'nolog', 'refusal of nolog')).toMatchObject({ usage: true, reason: expect.stringMatching(/needs --log-file/) });
    expect(statuses).toContainEqual({ skipped: 'nosuchsvc', reason: 'no template', decky: 'two' });
    send({ start: { decky: 'one', argv: argv('one', '101.log') } });
    expect(await seen((s) => s.startFailed === 'one', 'a second start of one refused')).toMatchObject({ reason: 'already running in this group' });
    expect((one.ports as Array<{ port: number }>)[0]!.port).toBeGreaterThan(0);

    send({ logFile: '200.log', decky: 'two' });
    await seen((s) => s.logSwitched === '200.log' && s.decky === 'two', 'two switched');
    send({ stop: 'one' });
    await seen((s) => s.stopped === 'one', 'one stopped');
    expect(readFileSync(join(dir, 'one', '100.log'), 'utf8').trim().split('\n').at(-1)).toMatch(/ one telnet - shutdown -$/);
    expect(readFileSync(join(dir, 'two', '200.log'), 'utf8')).toBe(''); // two still runs: no shutdown yet

    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.stdin.end(); // the agent is gone: after the grace (0 here) every decky stops and the group exits
    expect(await exit).toBe(0);
    expect(readFileSync(join(dir, 'two', '200.log'), 'utf8')).toMatch(/^<134>1 \S+ two telnet - shutdown -\n$/);
    expect(readFileSync(join(dir, 'two', '100.log'), 'utf8')).toMatch(/ two telnet - startup /);
  }, 30_000);
});
