// Country, ASN and organisation on Workers (workerd + D1): a small range table loaded the way
// `npm run workers:geo` loads it (the generated SQL files, run by D1 itself), then events in over the
// agent API: a new address from a known range is enriched at ingest (IPv4 and IPv6; private ones are
// not looked up), the country filter finds it, and addresses stored before the load are backfilled in
// bounded pages that resume where the last stopped (re-queued for identity clustering), the rest by
// the Worker's own scheduled() handler.
import { createExecutionContext, createScheduledController, env, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EC_ALG, certFingerprint, x509 } from './pki/x509';
import worker from './runtime/workers';
import { backfillGeo } from './services/enrichment/geo-backfill';
import { buildGeoTables } from './services/enrichment/geo-ranges';
import { geoSqlFiles } from './services/enrichment/geo-sql';
import { GEO_FIXTURE, HOSTILE_ORG } from './testing/geo-fixture';
import { adminToken, BASE, call, agentCertView } from './testing/workers-admin';
import { workersDeps } from './testing/workers-deps';

interface D1 {
  exec(sql: string): Promise<unknown>;
  prepare(sql: string): { bind(...v: unknown[]): { all<T>(): Promise<{ results: T[] }> }; all<T>(): Promise<{ results: T[] }> };
}
const db = (env as unknown as { DB: D1 }).DB;

const EARLY = ['8.8.4.4', '1.0.0.200']; // ingested before the load
const V4 = '8.8.8.9';
const V6 = '2a01:4f8:1:2::3';
const PRIVATE = '10.20.30.40';
let admin = '';
let agent: { tlsClientAuth: Record<string, string> };
let n = 0;

const ev = (ip: string) => ({ id: `geo-${++n}-${Math.random().toString(16).slice(2)}`, ts: new Date().toISOString(), decky: 'web-01', service: 'http', eventType: 'request', srcIp: ip, srcPort: 41000 + n, fields: { path: '/' }, raw: '<134>1 - web-01 http - request -' });
async function ingest(ips: string[]): Promise<void> {
  const res = await SELF.fetch(`${BASE}/agent/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events: ips.map(ev) }), cf: agent } as RequestInit);
  expect(res.status).toBe(200);
}
async function enrichmentOf(ip: string): Promise<Record<string, unknown>> {
  const list = await call(`/api/v1/attackers?q=${encodeURIComponent(ip)}`, { token: admin });
  const id = (list.body.items as { id: string; ip: string }[]).find((x) => x.ip === ip)!.id;
  return (await call(`/api/v1/attackers/${id}`, { token: admin })).body.attacker.enrichment as Record<string, unknown>;
}

beforeAll(async () => {
  admin = await adminToken();
  const tok = await call('/api/v1/hosts/enrollment-tokens', { body: { hostName: 'geo-sensor' }, token: admin });
  const keys = (await crypto.subtle.generateKey(EC_ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: 'CN=geo', keys, signingAlgorithm: EC_ALG });
  const enrolled = await call('/agent/v1/enroll', { body: { token: tok.body.token, csrPem: csr.toString('pem'), hostname: 'geo', agentVersion: '0.1.0' } });
  expect(enrolled.status).toBe(200);
  const caSubject = new x509.X509Certificate(enrolled.body.caCertificatePem).subject;
  agent = { tlsClientAuth: agentCertView(caSubject, await certFingerprint(enrolled.body.certificatePem)) };
}, 60_000);

// The database is shared with the other workers test files: leave no dataset behind.
afterAll(async () => {
  await db.exec('DELETE FROM geo_dataset;\nDELETE FROM geo_v4;\nDELETE FROM geo_v6;\nDELETE FROM geo_as_orgs;');
});

describe('country, ASN and organisation on Workers', () => {
  it('enriches at ingest from the D1 range tables and backfills from the cron', async () => {
    await ingest(EARLY);
    for (const ip of EARLY) expect(await enrichmentOf(ip)).toMatchObject({ scope: 'public', country: null, asn: null, dataset: null });

    // Several files with small statements, each run by D1's exec() as wrangler runs a --file.
    const files = geoSqlFiles(buildGeoTables(GEO_FIXTURE), { loadedAtMs: Date.now(), maxStatementBytes: 500, maxRowsPerStatement: 4, maxFileBytes: 1200 });
    expect(files.length).toBeGreaterThan(1);
    for (const f of files) await db.exec(f.trimEnd());
    const meta = await db.prepare('SELECT version, backfilled_at_ms FROM geo_dataset').all<{ version: string; backfilled_at_ms: number | null }>();
    expect(meta.results).toEqual([{ version: GEO_FIXTURE.version, backfilled_at_ms: null }]);

    await ingest([V4, V6, PRIVATE]);
    expect(await enrichmentOf(V4)).toMatchObject({ scope: 'public', country: 'US', asn: 64500, asOrg: HOSTILE_ORG, dataset: GEO_FIXTURE.version });
    expect(await enrichmentOf(V6)).toMatchObject({ scope: 'public', country: 'DE', asn: 24940, asOrg: 'Hetzner Online GmbH', dataset: GEO_FIXTURE.version });
    expect(await enrichmentOf(PRIVATE)).toMatchObject({ scope: 'private', country: null, asn: null, dataset: null });
    const de = await call('/api/v1/attackers?country=de', { token: admin });
    expect((de.body.items as { ip: string }[]).map((a) => a.ip)).toEqual([V6]);

    // Stored before the load: one page of one row, which re-queues it for clustering...
    await db.exec('DELETE FROM identity_dirty');
    expect(await backfillGeo(workersDeps(), 1, 1)).toEqual({ filled: 1, done: false });
    const filled = await db.prepare('SELECT e.ip, d.attacker_id IS NOT NULL AS dirty FROM attacker_enrichment e LEFT JOIN identity_dirty d ON d.attacker_id = e.attacker_id WHERE e.dataset = ? AND e.ip NOT IN (?, ?)').bind(GEO_FIXTURE.version, V4, V6).all<{ ip: string; dirty: number }>();
    expect(filled.results).toHaveLength(1);
    expect(filled.results[0]!.dirty).toBe(1);
    // ...then the housekeeping cron resumes after it and finishes.
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: '*/10 * * * *', scheduledTime: Date.now() }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(await enrichmentOf(EARLY[0]!)).toMatchObject({ country: 'US', asn: 15169, asOrg: 'Google LLC', dataset: GEO_FIXTURE.version });
    expect(await enrichmentOf(EARLY[1]!)).toMatchObject({ country: 'CN', asn: 13335, asOrg: 'Cloudflare, Inc.', dataset: GEO_FIXTURE.version });
    const after = await db.prepare('SELECT backfilled_at_ms IS NOT NULL AS done FROM geo_dataset').all<{ done: number }>();
    expect(after.results).toEqual([{ done: 1 }]);
    expect(await backfillGeo(workersDeps())).toEqual({ filled: 0, done: true });
  });
});
