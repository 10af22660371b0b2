// identifyAgent on Node's native statement returns exactly what the drizzle query returns (the
// Workers path), for a host with every column set, including a boolean-mode column and nulls.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { hosts } from '../../db/schema';
import { memoryDeps } from '../../testing/memory-deps';
import { nativeSql } from '../../testing/native';
import { identifyAgent } from './identify';

const dir = mkdtempSync(join(tmpdir(), 'decnet-identify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ctx = {} as Context;

describe('identifyAgent', () => {
  it('maps the native row to the same host as drizzle, and refuses unknown and decommissioned certificates alike', async () => {
    const url = `file:${join(dir, 'cp.db')}`;
    const base = await memoryDeps({}, { now: Date.now() }, url);
    await base.db.insert(hosts).values([
      { id: 'h1', name: 'sensor-1', certFingerprint: 'aa'.repeat(32), status: 'active', agentVersion: '1.2.3', lastHeartbeatAtMs: 1_700_000_000_123, heartbeatJson: '{"workers":{}}', desiredVersion: 7, proberEnabled: false, createdAtMs: 1_600_000_000_000, site: 'lab', maxDeckies: 12, rotationIntervalMin: 30 },
      { id: 'h2', name: 'sensor-2', certFingerprint: 'bb'.repeat(32), status: 'decommissioned', createdAtMs: 1_600_000_000_001, decommissionedAtMs: 1_650_000_000_000 },
    ]);
    const syncSql = nativeSql(url);
    const native = { ...base, syncSql };
    const as = (fp: string) => ({ clientCertFingerprint: () => fp });
    for (const fp of ['aa'.repeat(32), 'bb'.repeat(32)]) {
      const viaDrizzle = await identifyAgent({ ...base, ...as(fp) }, ctx, { allowDecommissioned: true });
      const viaNative = await identifyAgent({ ...native, ...as(fp) }, ctx, { allowDecommissioned: true });
      expect(viaNative).toEqual(viaDrizzle);
      expect(Object.keys(viaNative)).toEqual(Object.keys(viaDrizzle));
    }
    const h1 = await identifyAgent({ ...native, ...as('aa'.repeat(32)) }, ctx);
    expect(h1).toMatchObject({ proberEnabled: false, desiredVersion: 7, decommissionedAtMs: null, site: 'lab' });
    await expect(identifyAgent({ ...native, ...as('cc'.repeat(32)) }, ctx)).rejects.toThrow(/Unknown client certificate/);
    await expect(identifyAgent({ ...native, ...as('bb'.repeat(32)) }, ctx)).rejects.toThrow(/decommissioned/);
    syncSql.close();
  });
});
