// Enrichment from the real ip-location-db files: the dataset loads in the background (an HTTP server
// keeps answering while it parses; an address ingested before it was ready is backfilled and marked
// for identity clustering); well-known public addresses get their country, ASN and organisation;
// private and reserved ranges get labels; malformed rows and input are safe.
import type { ServiceEvent } from '@decnet/protocol';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import { q } from '../../db/raw-sql';
import type { HostRow } from '../../db/schema';
import { memoryDeps } from '../../testing/memory-deps';
import { ingestEvents } from '../agent/ingest-events';
import { attackerIdFor } from '../intel/aggregate';
import { loadIpDatasetInBackground } from './backfill';
import { ipDatasetFromImage } from '../../runtime/node-ip-dataset';
import { installIpDataset, ipDataset, type IpDataset } from './dataset';
import { enrichIp } from './enrich';
import { ipKey, scopeOf } from './ip-scope';
import { buildRangeTable, csvFields } from './ranges';

const require = createRequire(import.meta.url);
let ds: IpDataset;
const dataDir = mkdtempSync(join(tmpdir(), 'decnet-ipds-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const T0 = Date.parse('2026-03-01T10:00:00Z');
const ev = (ip: string): ServiceEvent => ({ id: `dl-${ip}`, ts: new Date(T0).toISOString(), decky: 'web-01', service: 'http', eventType: 'request', srcIp: ip, srcPort: 40000, fields: { path: '/' }, raw: '<134>1 - web-01 http - request -' });

describe('ip dataset', () => {
  // One parse of the real files for the whole file (seconds, more on a loaded machine).
  it('loads off the request path: HTTP is answered while it parses and writes its image; addresses seen before are backfilled', { timeout: 240_000 }, async () => {
    const deps = await memoryDeps({}, { now: T0 });
    installIpDataset(null);
    await ingestEvents(deps, { id: 'host-1' } as HostRow, [ev('8.8.8.8'), ev('10.1.2.3')]);
    const id = attackerIdFor('8.8.8.8');
    const [before] = await deps.rawBatch([q`SELECT scope, country, asn, dataset FROM attacker_enrichment WHERE attacker_id = ${id}`, q`DELETE FROM identity_dirty`]);
    expect(before!.rows[0]).toEqual(['public', null, null, null]);
    const server = createServer((_, res) => res.end('ok'));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 0);
    try {
      const done = loadIpDatasetInBackground(deps, async () => (await ipDatasetFromImage(dataDir, (spec) => require.resolve(spec))).dataset);
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      expect(await res.text()).toBe('ok');
      // Answered while the dataset is still loading: a synchronous load would have answered after it.
      expect(ipDataset()).toBeNull();
      expect(await done).toBe(1);
      expect(ticks).toBeGreaterThan(10); // timers ran between parse slices
    } finally {
      clearInterval(ticker);
      server.close();
    }
    expect(existsSync(join(dataDir, 'ip-dataset.img'))).toBe(true);
    ds = ipDataset()!;
    const [after, dirty, priv] = await deps.rawBatch([
      q`SELECT scope, country, asn, dataset IS NOT NULL FROM attacker_enrichment WHERE attacker_id = ${id}`,
      q`SELECT attacker_id FROM identity_dirty`,
      q`SELECT scope, country, dataset FROM attacker_enrichment WHERE attacker_id = ${attackerIdFor('10.1.2.3')}`,
    ]);
    expect(after!.rows[0]).toEqual(['public', 'US', 15169, 1]);
    expect(dirty!.rows).toEqual([[id]]); // the enrichment trigger: identities re-read its ASN
    expect(priv!.rows[0]).toEqual(['private', null, null]);
    installIpDataset(null);
  });

  it('finds country, ASN and organisation of well-known public addresses', () => {
    expect(ds.lookup('8.8.8.8')).toEqual({ country: 'US', asn: 15169, asOrg: 'Google LLC' });
    expect(ds.lookup('1.1.1.1')).toMatchObject({ asn: 13335, asOrg: 'Cloudflare, Inc.' });
    expect(ds.lookup('2001:4860:4860::8888')).toMatchObject({ country: 'US', asn: 15169 });
    expect(ds.lookup('::ffff:8.8.8.8')).toMatchObject({ asn: 15169 });
    expect(ds.version).toMatch(/^@ip-location-db\/asn@\S+ @ip-location-db\/geo-whois-asn-country@\S+$/);
  });

  it('opens the written image on the next start without parsing, with the same answers', async () => {
    const again = await ipDatasetFromImage(dataDir, (spec) => require.resolve(spec));
    expect(again.built).toBe(false);
    for (const ip of ['8.8.8.8', '1.1.1.1', '2001:4860:4860::8888', '::ffff:8.8.8.8', '81.2.69.142', '2a00:1450:4001::1', '10.0.0.1', 'x'])
      expect([ip, again.dataset.lookup(ip)]).toEqual([ip, ds.lookup(ip)]);
  });

  it('enriches public addresses only: the dataset wrongly lists 192.168/16 as AU, which is never used', () => {
    installIpDataset(() => ds);
    try {
      expect(ds.lookup('192.168.0.1').country).toBe('AU');
      expect(enrichIp('192.168.0.1')).toEqual({ scope: 'private', country: null, asn: null, asOrg: null, dataset: null });
      expect(enrichIp('8.8.8.8')).toEqual({ scope: 'public', country: 'US', asn: 15169, asOrg: 'Google LLC', dataset: ds.version });
      for (const ip of ['not-an-ip', '999.1.1.1', '']) expect(ds.lookup(ip)).toEqual({ country: null, asn: null, asOrg: null });
    } finally {
      installIpDataset(null);
    }
  });
});

describe('scope labels', () => {
  it('labels private and special-purpose ranges', () => {
    const cases: Array<[string, string]> = [
      ['10.0.0.1', 'private'], ['172.31.255.255', 'private'], ['172.32.0.1', 'public'], ['192.168.7.7', 'private'],
      ['100.64.0.1', 'cgnat'], ['100.128.0.1', 'public'], ['127.0.0.1', 'loopback'], ['169.254.1.1', 'link_local'],
      ['192.0.2.5', 'documentation'], ['198.51.100.5', 'documentation'], ['203.0.113.9', 'documentation'],
      ['198.19.0.1', 'benchmarking'], ['224.0.0.251', 'multicast'], ['240.0.0.1', 'reserved'], ['255.255.255.255', 'broadcast'],
      ['0.0.0.0', 'unspecified'], ['8.8.8.8', 'public'],
      ['::1', 'loopback'], ['::', 'unspecified'], ['fe80::1', 'link_local'], ['fd12:3456::1', 'ula'], ['fc00::1', 'ula'],
      ['ff02::1', 'multicast'], ['2001:db8::1', 'documentation'], ['2606:4700::1111', 'public'],
      ['::ffff:10.0.0.1', 'private'], ['::ffff:8.8.8.8', 'public'],
    ];
    expect(cases.map(([ip]) => [ip, scopeOf(ip)])).toEqual(cases);
    expect(scopeOf('nope')).toBeNull();
  });

  it('keys IPv4, IPv6 and IPv4-tailed IPv6 to the same fixed width', () => {
    expect(ipKey('1.2.3.4')).toBe('00000000000000000000ffff01020304');
    expect(ipKey('::ffff:1.2.3.4')).toBe(ipKey('1.2.3.4'));
    expect(ipKey('2001:db8::1')).toBe('20010db8000000000000000000000001');
    expect(ipKey('1:2:3:4:5:6:7:8')).toBe('00010002000300040005000600070008');
  });
});

describe('range tables', () => {
  it('splits quoted CSV fields with doubled quotes and commas', () => {
    expect(csvFields('1,2,201907,"LLC ""SPUTNIK"""')).toEqual(['1', '2', '201907', 'LLC "SPUTNIK"']);
    expect(csvFields('1,2,13335,"Cloudflare, Inc."')).toEqual(['1', '2', '13335', 'Cloudflare, Inc.']);
  });

  it('answers the row holding the address, and nothing in gaps or past the ends', () => {
    const t = buildRangeTable('16777216,16777471,AU\n16777728,16778239,CN\n', '2001:200::,2001:200:ffff:ffff:ffff:ffff:ffff:ffff,JP\n', (c) => c[0] ?? null);
    expect([t.lookup('1.0.0.0'), t.lookup('1.0.0.255'), t.lookup('1.0.1.0'), t.lookup('1.0.2.0'), t.lookup('0.255.255.255'), t.lookup('9.9.9.9')]).toEqual(['AU', 'AU', null, 'CN', null, null]);
    expect([t.lookup('2001:200::1'), t.lookup('2001:201::'), t.lookup('2001:1ff::')]).toEqual(['JP', null, null]);
  });
});
