// DesiredStateWorker and remote control: an answer's commands are handed on after the deckies were
// applied (and again from the persisted state at restart, for the handler to dedupe); a decommission
// answer is handed on, not persisted, and ends the polling.
import type { DesiredStateResponse } from '@decnet/protocol';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PendingRuntime } from '../../runtime/decky-runtime';
import type { CallOptions, CallOutcome } from '../../uplink/mtls-client';
import { DesiredStateWorker } from './desired-state-worker';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function setup(answers: DesiredStateResponse[]) {
  const dir = mkdtempSync(join(tmpdir(), 'desired-cmd-'));
  dirs.push(dir);
  const paths: string[] = [];
  const call = (o: CallOptions): Promise<CallOutcome> => {
    paths.push(o.path);
    const next = answers.shift();
    if (next) return Promise.resolve({ kind: 'ok', status: 200, body: next });
    return new Promise((ok) => o.signal?.addEventListener('abort', () => ok({ kind: 'retry', status: 0, code: 'AbortError', message: 'aborted' })));
  };
  const seen: { commands: string[][]; decommissions: number } = { commands: [], decommissions: 0 };
  const make = () =>
    new DesiredStateWorker({
      name: 'desired-state', fail: () => {}, log: () => {}, call, runtime: new PendingRuntime('local'), file: join(dir, 'desired-state.json'), waitS: 25,
      backoff: { baseMs: 1000, maxMs: 30_000 }, identityRetryMs: 60_000,
      onCommands: (c) => seen.commands.push(c.map((x) => x.id)),
      onDecommission: () => seen.decommissions++,
    });
  return { make, seen, paths, file: join(dir, 'desired-state.json') };
}

const until = async (f: () => boolean) => {
  for (let i = 0; i < 200 && !f(); i++) await new Promise((r) => setTimeout(r, 5));
};
const cmd = '00000000-0000-4000-8000-000000000001';

describe('DesiredStateWorker remote control', () => {
  it('hands on commands, and again from the persisted state after a restart', async () => {
    const t = setup([{ version: 3, deckies: [], commands: [{ id: cmd, kind: 'rotate', decky: 'web-01' }] }]);
    const w = t.make();
    await w.start();
    await until(() => t.seen.commands.length === 1);
    expect(t.seen.commands).toEqual([[cmd]]);
    await w.stop();
    const again = t.make();
    await again.start();
    expect(t.seen.commands).toEqual([[cmd], [cmd]]);
    await again.stop();
  });

  it('a decommission answer is handed on, not persisted, and polling stops', async () => {
    const t = setup([{ version: 1, deckies: [] }, { version: 2, deckies: [], decommission: true }]);
    const w = t.make();
    await w.start();
    await until(() => t.seen.decommissions === 1);
    await new Promise((r) => setTimeout(r, 30));
    expect(t.paths).toHaveLength(2);
    expect(w.health()).toMatchObject({ status: 'stopped', message: 'host decommissioned' });
    expect(JSON.parse(readFileSync(t.file, 'utf8')).version).toBe(1); // the decommission answer is not kept
    await w.stop();
  });
});
