// The D1 range tables against the in-memory dataset: the generated SQL files, run as a script into a
// real libSQL database, answer every boundary address as ranges.ts does; statements and files stay
// within their limits; hostile names round-trip; a partial load is never marked loaded; ingest
// without the in-memory dataset enriches from the tables.
import type { ServiceEvent } from '@decnet/protocol';
import { describe, expect, it } from 'vitest';
import { libsqlRawBatch } from '../../db/raw-batch';
import { q } from '../../db/raw-sql';
import type { HostRow } from '../../db/schema';
import { openDatabase } from '../../runtime/node-database';
import { GEO_FIXTURE, HOSTILE_ORG } from '../../testing/geo-fixture';
import { memoryDeps } from '../../testing/memory-deps';
import { ingestEvents } from '../agent/ingest-events';
import { attackerIdFor } from '../intel/aggregate';
import { buildIpDataset, installIpDataset } from './dataset';
import { geoLookupQuery } from './geo-lookup';
import { buildGeoTables } from './geo-ranges';
import { geoSqlFiles, geoSqlStatements, sqlString, utf8Bytes } from './geo-sql';
import { ipKey } from './ip-scope';

const tables = buildGeoTables(GEO_FIXTURE);
const small = { loadedAtMs: 1_000, maxStatementBytes: 400, maxRowsPerStatement: 3, maxFileBytes: 900 };

async function loaded(files: string[]) {
  const { client } = await openDatabase(':memory:');
  for (const f of files) await client.executeMultiple(f);
  return libsqlRawBatch(client);
}

const v4Text = (n: bigint) => [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join('.');
const v6Text = (n: bigint) => Array.from({ length: 8 }, (_, i) => ((n >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(':');

/** Every fixture row's start and end, one either side, and a middle address. */
function probes(): string[] {
  const out = new Set<string>(['0.0.0.1', '255.255.255.254', '8.8.8.8', '::1', 'ffff::1', '::ffff:8.8.8.8', '::ffff:1.2.3.4']);
  const add = (s: bigint, e: bigint, text: (n: bigint) => string, max: bigint) => {
    for (const n of [s - 1n, s, s + 1n, (s + e) / 2n, e - 1n, e, e + 1n]) if (n >= 0n && n <= max) out.add(text(n));
  };
  for (const csv of [GEO_FIXTURE.asnV4Num, GEO_FIXTURE.countryV4Num]) {
    for (const l of csv.trim().split('\n')) add(BigInt(l.split(',')[0]!), BigInt(l.split(',')[1]!), v4Text, 0xffffffffn);
  }
  for (const csv of [GEO_FIXTURE.asnV6, GEO_FIXTURE.countryV6]) {
    for (const l of csv.trim().split(/\r?\n/)) {
      const [a, b] = l.split(',') as [string, string];
      if (!a.includes('.')) add(BigInt(`0x${ipKey(a)}`), BigInt(`0x${ipKey(b)}`), v6Text, (1n << 128n) - 1n);
    }
  }
  return [...out];
}

describe('D1 range tables', () => {
  it('answer every boundary address exactly as the in-memory dataset does', async () => {
    const files = geoSqlFiles(tables, small);
    expect(files.length).toBeGreaterThan(2);
    const raw = await loaded(files);
    const ips = probes();
    const [res] = await raw([geoLookupQuery(ips)]);
    const mem = buildIpDataset(GEO_FIXTURE);
    const want = ips.map((ip) => {
      const f = mem.lookup(ip);
      return [ip, f.country, f.asn, f.asOrg, GEO_FIXTURE.version];
    });
    expect(res!.rows).toEqual(want);
    // The fixture's tricky rows, spelled out: overlap, duplicate start, lower-case country, no org.
    const facts = Object.fromEntries(res!.rows.map((r) => [r[0], r.slice(1, 4)]));
    expect(facts['8.8.8.8']).toEqual(['US', 64500, HOSTILE_ORG]);
    expect(facts['8.8.9.0']).toEqual(['US', null, null]);
    expect(facts['45.33.128.0']).toEqual(['NL', 64502, 'Second']);
    expect(facts['185.220.100.0']).toEqual([null, 64503, null]);
    expect(facts['2a00:1450:4000:0:0:0:0:0']).toEqual([null, 15169, 'Google LLC']);
    expect(facts['::ffff:8.8.8.8']).toEqual(facts['8.8.8.8']);
  });

  it('keeps statements and files within their limits, one statement per line, rows once', () => {
    const statements = geoSqlStatements(tables, small);
    for (const st of statements) {
      expect(utf8Bytes(st)).toBeLessThanOrEqual(400);
      expect(st).not.toMatch(/[\r\n]/);
    }
    const inserts = statements.filter((s) => s.startsWith('INSERT INTO geo_v4'));
    expect(inserts.length).toBe(Math.ceil(tables.v4.length / 3));
    expect(inserts.reduce((n, s) => n + s.split('),(').length, 0)).toBe(tables.v4.length);
    const files = geoSqlFiles(tables, small);
    for (const f of files) expect(utf8Bytes(f)).toBeLessThanOrEqual(900);
    expect(files.join('').split('\n').slice(0, -1)).toEqual(statements);
    expect(statements.slice(0, 4)).toEqual(['DELETE FROM geo_dataset;', 'DELETE FROM geo_v4;', 'DELETE FROM geo_v6;', 'DELETE FROM geo_as_orgs;']);
    expect(statements.at(-1)).toMatch(/^INSERT INTO geo_dataset /);
    // Default limits: one file, and the same statements whatever the cut.
    expect(geoSqlFiles(tables, { loadedAtMs: 1_000 })).toEqual([geoSqlStatements(tables, { loadedAtMs: 1_000 }).join('\n') + '\n']);
    expect(() => geoSqlStatements(tables, { ...small, maxStatementBytes: 60 })).toThrow(/over the statement limit/);
  });

  it('quotes any text so SQLite reads it back byte for byte', async () => {
    expect(sqlString("it's")).toBe("'it''s'");
    expect(sqlString('a\nb')).toBe("'a' || char(10) || 'b'");
    expect(sqlString('\r\n')).toBe('char(13) || char(10)');
    expect(sqlString('')).toBe("''");
    // NUL would cut the text short in the drivers: it is dropped.
    expect(sqlString('a\u0000b')).toBe("'ab'");
    const names = [HOSTILE_ORG, "line\nbreak\r\n'quote'", 'del\u007fbyte', '🚀 只 ü', '--', ''];
    const { client } = await openDatabase(':memory:');
    const res = await client.execute(`SELECT ${names.map(sqlString).join(', ')}`);
    expect(Object.values(res.rows[0]!).slice(0, names.length)).toEqual(names);
    expect(names.map(utf8Bytes)).toEqual(names.map((n) => new TextEncoder().encode(n).length));
  });

  it('a load that lost a chunk is not marked loaded, and lookups stay empty', async () => {
    const statements = geoSqlStatements(tables, small);
    const lost = statements.findIndex((s) => s.startsWith('INSERT INTO geo_v6'));
    const raw = await loaded([statements.filter((_, i) => i !== lost).join('\n')]);
    const [meta, facts] = await raw([q`SELECT count(*) FROM geo_dataset`, geoLookupQuery(['8.8.8.8'])]);
    expect(meta!.rows[0]).toEqual([0]);
    expect(facts!.rows[0]).toEqual(['8.8.8.8', null, null, null, null]);
    // Run again in full (as the command is): loaded, and old rows do not linger.
    const { client } = await openDatabase(':memory:');
    await client.executeMultiple(statements.join('\n'));
    await client.executeMultiple(statements.join('\n'));
    expect((await client.execute('SELECT count(*) AS n FROM geo_v4')).rows[0]!.n).toBe(tables.v4.length);
    expect((await client.execute('SELECT version FROM geo_dataset')).rows[0]!.version).toBe(GEO_FIXTURE.version);
  });

  it('ingest without the in-memory dataset enriches new addresses from the tables', async () => {
    const deps = await memoryDeps();
    installIpDataset(null);
    for (const st of geoSqlStatements(tables, small)) await deps.rawBatch([q.raw(st)]);
    const ev = (ip: string, i: number): ServiceEvent => ({ id: `geo-${i}`, ts: '2026-03-01T10:00:00.000Z', decky: 'web-01', service: 'http', eventType: 'request', srcIp: ip, srcPort: 40000 + i, fields: { path: '/' }, raw: '<134>1 - web-01 http - request -' });
    const ips = ['8.8.4.4', '2a01:4f8::2', '10.0.0.9', '45.33.1.1'];
    await ingestEvents(deps, { id: 'host-1' } as HostRow, ips.map(ev));
    const [rows] = await deps.rawBatch([q`SELECT ip, scope, country, asn, as_org, dataset FROM attacker_enrichment WHERE attacker_id IN (${q.join(ips.map((ip) => q`${attackerIdFor(ip)}`))}) ORDER BY ip`]);
    expect(rows!.rows).toEqual([
      ['10.0.0.9', 'private', null, null, null, null],
      ['2a01:4f8::2', 'public', 'DE', 24940, 'Hetzner Online GmbH', GEO_FIXTURE.version],
      ['45.33.1.1', 'public', null, 63949, 'Akamai Connected Cloud', GEO_FIXTURE.version],
      ['8.8.4.4', 'public', 'US', 15169, 'Google LLC', GEO_FIXTURE.version],
    ]);
  });
});
