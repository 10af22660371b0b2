// Enrichment at ingest through both paths (driver batch and native) into real libSQL files: one row
// per address with scope, country, ASN and organisation; written once (re-ingest changes nothing);
// PTR resolution is bounded, cleans hostile names and only moves pending rows.
import type { ServiceEvent } from '@decnet/protocol';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostRow } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { openNative } from '../../runtime/node-database';
import { memoryDeps } from '../../testing/memory-deps';
import { ingestEvents } from '../agent/ingest-events';
import { buildIpDataset, installIpDataset } from './dataset';
import { resolvePendingPtr } from './ptr';
import { attackerDetail, listAttackers } from '../query/attackers';
import { attackerIdFor } from '../intel/aggregate';

const dir = mkdtempSync(join(tmpdir(), 'decnet-enrich-'));
const host = { id: 'host-1' } as HostRow;
const T0 = Date.parse('2026-03-01T10:00:00Z');
// A real dataset built from a few rows in the shipped format (the full files are tested in dataset.test.ts).
const DATASET = {
  version: 'test-dataset@1',
  asnV4Num: '134744064,134744319,15169,Google LLC\n3232235520,3232301055,64512,"Private, ""Mistake"" Inc."\n',
  asnV6: '2001:4860::,2001:4860:ffff:ffff:ffff:ffff:ffff:ffff,15169,Google LLC\n',
  countryV4Num: '134217728,134774783,US\n3232235520,3232301055,AU\n',
  countryV6: '2001:4860::,2001:4860:ffff:ffff:ffff:ffff:ffff:ffff,US\n',
};
const IPS = ['8.8.8.8', '192.168.1.20', '2001:4860:4860::8888', '100.64.3.3', '9.9.9.9'];
const ev = (i: number, ip: string): ServiceEvent => {
  const ts = new Date(T0 + i * 1000).toISOString();
  return { id: `en-${i}`, ts, decky: 'web-01', service: 'http', eventType: 'request', srcIp: ip, srcPort: 40000 + i, fields: { path: '/' }, raw: `<134>1 ${ts} web-01 http - request -` };
};
const BATCH = IPS.flatMap((ip, k) => [ev(k * 2, ip), ev(k * 2 + 1, ip)]);

beforeAll(() => installIpDataset(() => buildIpDataset(DATASET)));
afterAll(() => (installIpDataset(null), rmSync(dir, { recursive: true, force: true })));

async function ingestInto(native: boolean): Promise<AppDeps> {
  const url = `file:${join(dir, `${native ? 'native' : 'batch'}.db`)}`;
  const base = await memoryDeps({}, { now: T0 + 60_000 }, url);
  const syncSql = native ? openNative(url) : undefined;
  const deps: AppDeps = { ...base, ...(syncSql ? { syncSql } : {}) };
  await ingestEvents(deps, host, BATCH);
  return deps;
}
const rows = (deps: AppDeps) => deps.db.all<Record<string, unknown>>(sql.raw('SELECT ip, scope, country, asn, as_org, dataset, ptr_status, enriched_at_ms FROM attacker_enrichment ORDER BY ip'));

describe('enrichment at ingest', () => {
  it('writes one row per address with scope, country, ASN and organisation, the same on both paths', async () => {
    const batch = await ingestInto(false);
    const native = await ingestInto(true);
    const got = await rows(batch);
    expect(await rows(native)).toEqual(got);
    const by = Object.fromEntries(got.map((r) => [r.ip, r]));
    expect(by['8.8.8.8']).toEqual({ ip: '8.8.8.8', scope: 'public', country: 'US', asn: 15169, as_org: 'Google LLC', dataset: 'test-dataset@1', ptr_status: 'pending', enriched_at_ms: T0 + 60_000 });
    expect(by['2001:4860:4860::8888']).toMatchObject({ scope: 'public', country: 'US', asn: 15169 });
    // The dataset's wrong rows for private space are never used: a private address is only labelled.
    expect(by['192.168.1.20']).toMatchObject({ scope: 'private', country: null, asn: null, as_org: null, dataset: null, ptr_status: 'skipped' });
    expect(by['100.64.3.3']).toMatchObject({ scope: 'cgnat', country: null, ptr_status: 'skipped' });
    expect(by['9.9.9.9']).toMatchObject({ scope: 'public', country: null, asn: null, dataset: 'test-dataset@1' }); // looked up, not listed
    // Written once: the same addresses later (another batch, a later clock) leave the rows as they were.
    (batch as AppDeps & { clock: { now: number } }).clock.now += 3_600_000;
    await ingestEvents(batch, host, IPS.map((ip, k) => ev(100 + k, ip)));
    expect(await rows(batch)).toEqual(got);
    native.syncSql?.close();
  });

  it('resolves pending PTR names in bounded batches, cleaning hostile names, once', async () => {
    const deps = await memoryDeps({}, { now: T0 });
    await ingestEvents(deps, host, ['8.8.8.8', '8.8.4.4', '2001:4860::1', '10.0.0.1'].map((ip, k) => ev(k, ip)));
    let inFlight = 0;
    let maxInFlight = 0;
    const asked: string[] = [];
    const reverse = async (ip: string): Promise<string[]> => {
      asked.push(ip);
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      if (ip === '8.8.8.8') return [`dns.google.<script>${'x'.repeat(400)}`];
      if (ip === '8.8.4.4') throw Object.assign(new Error('no ptr'), { code: 'ENOTFOUND' });
      return new Promise(() => {}); // never answers: the timeout ends it
    };
    expect(await resolvePendingPtr(deps, { reverse, batch: 2, concurrency: 1, timeoutMs: 50 })).toEqual({ ok: 1, none: 1, error: 0 });
    expect(await resolvePendingPtr(deps, { reverse, batch: 10, concurrency: 4, timeoutMs: 50 })).toEqual({ ok: 0, none: 0, error: 1 });
    expect(await resolvePendingPtr(deps, { reverse, batch: 10, timeoutMs: 50 })).toEqual({ ok: 0, none: 0, error: 0 });
    expect(asked.sort()).toEqual(['2001:4860::1', '8.8.4.4', '8.8.8.8']); // each public address once, never the private one
    expect(maxInFlight).toBe(1);
    const got = await deps.db.all<{ ip: string; ptr: string | null; ptr_status: string }>(sql.raw('SELECT ip, ptr, ptr_status FROM attacker_enrichment ORDER BY ip'));
    const g = Object.fromEntries(got.map((r) => [r.ip, r]));
    expect(g['8.8.8.8']!.ptr).toMatch(/^dns\.google\.scriptx+$/);
    expect(g['8.8.8.8']!.ptr!.length).toBe(253);
    expect([g['8.8.4.4']!.ptr_status, g['2001:4860::1']!.ptr_status, g['10.0.0.1']!.ptr_status]).toEqual(['none', 'error', 'skipped']);
  });

  it('shows enrichment on attackers and filters the list by country and ASN', async () => {
    const deps = await ingestInto(false);
    const page = { sort: 'ip' as const, order: 'asc' as const, limit: 50, offset: 0 };
    const ips = async (o: { country?: string; asn?: number }) => (await listAttackers(deps, { ...page, ...o })).items.map((a) => a.ip);
    expect(await ips({ country: 'us' })).toEqual(['2001:4860:4860::8888', '8.8.8.8']);
    expect(await ips({ asn: 15169 })).toEqual(['2001:4860:4860::8888', '8.8.8.8']);
    expect(await ips({ country: 'AU' })).toEqual([]); // the private address is not placed in a country
    expect((await listAttackers(deps, page)).items.find((a) => a.ip === '100.64.3.3')!.enrichment).toMatchObject({ scope: 'cgnat', country: null });
    const d = await attackerDetail(deps, attackerIdFor('8.8.8.8'));
    expect(d.attacker.enrichment).toEqual({ scope: 'public', country: 'US', asn: 15169, asOrg: 'Google LLC', ptr: null, ptrStatus: 'pending', dataset: 'test-dataset@1' });
  });
});
