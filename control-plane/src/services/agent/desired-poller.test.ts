// The shared desired-state poller over a real libSQL file: many held long-polls, a change made
// through a second app instance on the same file wakes exactly the poll of that host, and idle
// polls cost one statement per tick whatever their number (counted at the libSQL client).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hosts, type HostRow } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { openDatabase } from '../../runtime/node-database';
import { memoryDeps } from '../../testing/memory-deps';
import { upsertDeckies } from '../deckies/write';
import { setHostProber } from '../hosts/manage';
import { desiredPollerFor } from './desired-poller';
import { desiredState } from './desired-state';

const N = 200;
const dir = mkdtempSync(join(tmpdir(), 'decnet-desired-poller-'));
const url = `file:${join(dir, 'cp.db')}`;
let one: AppDeps; // the instance holding the polls
let two: AppDeps; // another instance on the same file
let statements = 0;
let rows: HostRow[];
const abort = new AbortController();
const polls: Promise<unknown>[] = [];

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  two = await memoryDeps({}, undefined, url);
  const { client, db } = await openDatabase(url);
  const execute = client.execute.bind(client);
  client.execute = ((...a: Parameters<typeof execute>) => {
    statements++;
    return execute(...a);
  }) as typeof client.execute;
  one = { ...two, db, sharedLiveFeed: true };
  await two.db.insert(hosts).values(Array.from({ length: N }, (_, i) => ({ id: `h${i}`, name: `sensor-${i}`, status: 'active' as const, createdAtMs: 0 })));
  rows = await two.db.select().from(hosts);
});
afterAll(async () => {
  abort.abort(); // the held polls answer (at their current version) before the file goes
  await Promise.allSettled(polls);
  rmSync(dir, { recursive: true, force: true });
});

describe('shared desired-state poller', () => {
  it('wakes only the poll whose host changed, also when another instance changed it, with one statement per idle tick', async () => {
    const settled = new Map<string, Awaited<ReturnType<typeof desiredState>>>();
    for (const h of rows) polls.push(desiredState(one, h, h.desiredVersion, 25, abort.signal).then((r) => settled.set(h.id, r)));
    const poller = desiredPollerFor(one);
    await until(() => poller.heldPolls === N, `${N} held polls`);

    // Idle: the statements the instance runs over four ticks, counted at its libSQL client.
    // Start right after a tick completed (the next is 500 ms away), so no statement is in flight.
    const tPrev = poller.ticks;
    await until(() => poller.ticks > tPrev, 'a tick');
    const [s0, t0] = [statements, poller.ticks];
    await until(() => poller.ticks >= t0 + 4, 'four idle ticks');
    expect(statements - s0).toBe(poller.ticks - t0); // one per tick (the old path: one per poll per tick, N = 200)
    expect(settled.size).toBe(0);

    // A change through the other instance: one decky for h7.
    await upsertDeckies(two, 'h7', [{ name: 'poll-d1', services: ['ssh'], serviceConfig: {} }]);
    await until(() => settled.has('h7'), 'the poll of h7');
    expect(settled.get('h7')).toMatchObject({ version: 1, deckies: [{ name: 'poll-d1' }] });
    // A tick later nobody else woke.
    const before = statements;
    await until(() => statements > before, 'one more tick');
    expect([...settled.keys()]).toEqual(['h7']);
    expect(poller.heldPolls).toBe(N - 1);

    // A new poll at the now-current version holds; the next change wakes it and only it.
    const again = desiredState(one, { ...rows.find((h) => h.id === 'h7')!, desiredVersion: 1 }, 1, 25, abort.signal);
    await until(() => poller.heldPolls === N, 'the new poll held');
    await upsertDeckies(two, 'h7', [{ name: 'poll-d2', services: ['http'], serviceConfig: {} }]);
    expect((await again).version).toBe(2);
    expect(settled.size).toBe(1);
  });

  it('wakes a held poll on a prober switch made by another instance', async () => {
    const h = rows.find((r) => r.id === 'h11')!;
    const poll = desiredState(one, h, 0, 25, abort.signal);
    await until(() => desiredPollerFor(one).heldPolls === N, 'the poll of h11 held');
    await setHostProber(two, 'h11', false);
    expect(await poll).toMatchObject({ version: 1, prober: { enabled: false } });
  });

  it('answers a held poll at once when its host changed before it was registered', async () => {
    const h = rows.find((r) => r.id === 'h9')!;
    await upsertDeckies(two, 'h9', [{ name: 'poll-d3', services: ['ssh'], serviceConfig: {} }]);
    // The row the route identified (version 0) predates the change: the first tick reads it.
    const r = await desiredState(one, h, 0, 25, abort.signal);
    expect(r).toMatchObject({ version: 1, deckies: [{ name: 'poll-d3' }] });
  });
});
