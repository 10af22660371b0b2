// The supervisor with real child processes: a version on trial that never becomes healthy is stopped at
// its deadline and `current` goes back (reason recorded); one that exits first is rolled back with its
// last stderr line; exit 75 restarts at once into what `current` then names.
import { existsSync, mkdirSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { LAUNCHER_REL, UpdateLayout } from './layout';
import { supervise } from './supervise';

const dir = mkdtempSync(join(tmpdir(), 'decnet-supervise-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fake agent root whose launcher runs `body` (it gets `run --config X`). */
function root(name: string, body: string): string {
  const r = join(dir, name);
  mkdirSync(join(r, LAUNCHER_REL, '..'), { recursive: true });
  writeFileSync(join(r, LAUNCHER_REL), body);
  return r;
}

async function withSupervisor(dataDir: string, own: string, f: () => Promise<void>): Promise<void> {
  const ac = new AbortController();
  const done = supervise({ configPath: join(dataDir, 'agent.json'), dataDir, log: () => {}, ownRoot: own, stopGraceMs: 300, signal: ac.signal });
  try {
    await f();
  } finally {
    ac.abort();
    await done;
  }
}

it('stops a version that is not healthy by its deadline and starts the previous one', async () => {
  const dataDir = join(dir, 'd1');
  const good = root('good', `(await import('node:fs')).writeFileSync(${JSON.stringify(join(dataDir, 'good-ran'))}, '1'); setInterval(() => {}, 1000);`);
  const stuck = root('stuck', 'setInterval(() => {}, 1000);');
  const layout = new UpdateLayout(dataDir);
  layout.switchTo(stuck);
  layout.writeState({ id: 'p1', version: '2.0.0', sha256: 'a'.repeat(64), phase: 'switching', fromRoot: good, fromVersion: '1.0.0', toRoot: stuck, deadlineMs: Date.now() + 1500, reported: false });
  await withSupervisor(dataDir, good, async () => {
    await expect.poll(() => layout.readState()?.phase, { timeout: 10_000 }).toBe('rolled_back');
    expect(layout.readState()?.reason).toMatch(/version 2\.0\.0 was not healthy within \d+ s .*switched back to 1\.0\.0/);
    expect(readlinkSync(layout.current)).toBe(good);
    await expect.poll(() => existsSync(join(dataDir, 'good-ran')), { timeout: 10_000 }).toBe(true);
  });
});

it('rolls back a version that exits before it is healthy, with its last stderr line; exit 75 restarts into current', async () => {
  const dataDir = join(dir, 'd2');
  const layout = new UpdateLayout(dataDir);
  const good = root('good2', `(await import('node:fs')).writeFileSync(${JSON.stringify(join(dataDir, 'good-ran'))}, '1'); setInterval(() => {}, 1000);`);
  const crash = root('crash', "console.error('cannot load config'); process.exit(3);");
  // The running version switches `current` to the crashing one and asks for a restart (exit 75).
  const switcher = root('switcher', `const fs = await import('node:fs');
fs.symlinkSync(${JSON.stringify(crash)}, ${JSON.stringify(layout.current)} + '.tmp'); fs.renameSync(${JSON.stringify(layout.current)} + '.tmp', ${JSON.stringify(layout.current)});
fs.writeFileSync(${JSON.stringify(layout.stateFile)}, JSON.stringify({ id: 'p2', version: '3.0.0', sha256: '${'b'.repeat(64)}', phase: 'switching', fromRoot: ${JSON.stringify(good)}, fromVersion: '1.0.0', toRoot: ${JSON.stringify(crash)}, deadlineMs: Date.now() + 60000, reported: false }));
process.exit(75);`);
  layout.switchTo(switcher);
  await withSupervisor(dataDir, good, async () => {
    await expect.poll(() => layout.readState()?.phase, { timeout: 10_000 }).toBe('rolled_back');
    expect(layout.readState()?.reason).toBe('version 3.0.0 exited (code 3) before it was healthy: cannot load config; switched back to 1.0.0');
    await expect.poll(() => existsSync(join(dataDir, 'good-ran')), { timeout: 10_000 }).toBe(true);
  });
});
