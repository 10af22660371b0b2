// Realism verbs on a real libSQL file with the migrations applied: a request wakes the host's desired
// state and stays pending until the agent's upload answers it; only the host's own deckies are kept.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import type { RealismReport } from '@decnet/protocol';
import { deckies, hosts } from '../../db/schema';
import { memoryDeps } from '../../testing/memory-deps';
import { latestRealismReport, pendingSelftest, requestSelftest, storeRealismReports } from './realism';

const dir = mkdtempSync(join(tmpdir(), 'realism-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const report = (decky: string, requestId: string, fail: boolean): RealismReport => ({
  decky, requestId, ranAt: new Date().toISOString(), durationMs: 10, persona: 'linux/debian web-server', nmap: { available: false, osScan: false },
  attackerView: [{ service: 'http', port: 80, text: '<script>alert(1)</script>' }],
  checks: [{ id: 'persona-consistency', status: fail ? 'fail' : 'pass', summary: 'x', evidence: [{ layer: 'http http (80/tcp)', seen: 'Microsoft-IIS/10.0', expected: 'a linux http Server (shows windows)' }] }],
});

describe('realism reports', () => {
  it('request -> desired state -> upload -> latest report', async () => {
    const deps = await memoryDeps({}, { now: Date.now() }, `file:${join(dir, 'cp.db')}`);
    const now = Date.now();
    await deps.db.insert(hosts).values([{ id: 'h1', name: 'h1', status: 'active', createdAtMs: 0 }, { id: 'h2', name: 'h2', status: 'active', createdAtMs: 0 }]);
    await deps.db.insert(deckies).values([{ id: 'd1', name: 'web-1', hostId: 'h1', servicesJson: '["http"]', createdAtMs: now, updatedAtMs: now }, { id: 'd2', name: 'other', hostId: 'h2', servicesJson: '["ssh"]', createdAtMs: now, updatedAtMs: now }]);
    const before = (await deps.db.select().from(hosts).where(eq(hosts.id, 'h1')).get())!.desiredVersion;
    const { requestId } = await requestSelftest(deps, 'web-1', 'admin');
    expect((await deps.db.select().from(hosts).where(eq(hosts.id, 'h1')).get())!.desiredVersion).toBe(before + 1);
    expect(await pendingSelftest(deps, 'h1')).toEqual({ requestId, deckies: ['web-1'] });
    expect(await pendingSelftest(deps, 'h2')).toBeUndefined();
    expect((await latestRealismReport(deps, 'web-1')).pendingRequestId).toBe(requestId);
    // Host h1 may not file a report for h2's decky.
    expect(await storeRealismReports(deps, 'h1', { reports: [report('web-1', requestId, true), report('other', requestId, false)] })).toEqual({ stored: 1 });
    const latest = await latestRealismReport(deps, 'web-1');
    expect(latest.pendingRequestId).toBeNull();
    expect(latest.report?.checks[0]).toMatchObject({ status: 'fail', evidence: [{ seen: 'Microsoft-IIS/10.0' }] });
    expect((await latestRealismReport(deps, 'other')).report).toBeNull();
    await expect(requestSelftest(deps, 'nope')).rejects.toThrow(/not found/i);
  });
});
