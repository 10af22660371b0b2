// Ingest throughput with all folding on (agent API over mutual TLS into a libSQL file), 1 process and
// 2 workers, each as a share of the native libSQL insert ceiling measured in the same run; then query
// latency of the events page, attackers page and stats with 1,000,000 stored events.
import autocannon from 'autocannon';
import { Agent, request } from 'undici';
import { spawnControlPlane } from './spawn-control-plane';
import { syntheticBatch } from './synthetic-events';
import { ceilingRows, clientBatchRate, fmtRate, medianRate, nativeInsertRate, shares, treeCpuMs, type Rate } from './ceilings';
import type { BenchRow } from './table';
import { EC_ALG, privateKeyPem, x509 } from '../../control-plane/src/pki/x509';

const BATCH = 5000;

export async function enroll(url: string, token: string) {
  const tok = await (await fetch(`${url}/api/v1/hosts/enrollment-tokens`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ hostName: 'bench-sensor' }) })).json();
  const keys = (await crypto.subtle.generateKey(EC_ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: 'CN=bench', keys, signingAlgorithm: EC_ALG });
  const res = await (await fetch(`${url}/agent/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: tok.token, csrPem: csr.toString('pem'), hostname: 'bench', agentVersion: '0.1.0' }) })).json();
  return { ...res, keyPem: await privateKeyPem(keys.privateKey) } as { certificatePem: string; caCertificatePem: string; controlPlaneMtlsUrl: string; keyPem: string };
}

/** Request bodies of `BATCH` synthetic events, serialised before the clock starts. */
export function ingestBodies(total: number, from = 0): string[] {
  const out: string[] = [];
  for (let i = from; i < from + total; i += BATCH) out.push(JSON.stringify({ events: syntheticBatch(i, Math.min(BATCH, from + total - i)) }));
  return out;
}

/** events/s for POSTing `bodies` (each BATCH events) with `inFlight` requests at a time. */
export async function ingest(e: Awaited<ReturnType<typeof enroll>>, bodies: string[], inFlight: number, total = bodies.length * BATCH): Promise<number> {
  const dispatcher = new Agent({ connect: { ca: e.caCertificatePem, cert: e.certificatePem, key: e.keyPem }, connections: inFlight });
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const res = await request(`${e.controlPlaneMtlsUrl}/agent/v1/events`, { dispatcher, method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const txt = await res.body.text();
      if (res.statusCode !== 200) throw new Error(`ingest ${res.statusCode}: ${txt.slice(0, 200)}`);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const s = (performance.now() - t0) / 1000;
  await dispatcher.close();
  return total / s;
}

/** Connections (and requests in flight) the ingest load generator keeps open, for every row. */
export const INGEST_IN_FLIGHT = 4;

let nextPort = 18283;

/** Ingest of `bodies` with the control plane's CPU (all its processes) counted over the run. */
async function measuredIngest(cpPid: number, e: Awaited<ReturnType<typeof enroll>>, bodies: string[]): Promise<Rate> {
  const c0 = treeCpuMs(cpPid);
  const perS = await ingest(e, bodies, INGEST_IN_FLIGHT);
  const events = bodies.length * BATCH;
  return { perS, perCpuS: events / ((treeCpuMs(cpPid) - c0) / 1000) };
}

/** Ingest throughput with all folding into a fresh control plane of `workers` processes. */
export async function ingestRate(events: number, workers: number, port = nextPort++): Promise<Rate> {
  // Bodies first: seconds of generation between the admin login and enrollment would let the
  // server close the idle keep-alive socket under fetch's feet ("other side closed").
  const bodies = ingestBodies(events);
  const cp = await spawnControlPlane(port, workers > 1 ? { DECNET_WORKERS: String(workers) } : {}, { settled: true });
  try {
    return await measuredIngest(cp.proc.pid!, await enroll(cp.url, cp.token), bodies);
  } finally {
    await cp.stop();
  }
}

/** The ingest row: rate, share of the native libSQL insert ceiling, target 50 % of it. */
export function ingestRow(rate: Rate, events: number, workers: number, ceiling: Rate): BenchRow {
  return {
    name: `ingest + folding, ${events.toLocaleString('en')} events (mTLS, libSQL file), control plane ${workers > 1 ? `${workers} workers` : '1 process'}`,
    value: fmtRate(rate, 'events'),
    share: shares(rate, ceiling, ' of native insert'),
    target: '>= 50 % of native insert',
    met: rate.perS >= ceiling.perS / 2,
    note: `batches of ${BATCH}, ${INGEST_IN_FLIGHT} in flight, bodies serialised before the clock starts`,
  };
}

async function latency(url: string, token: string, path: string, connections: number) {
  const r = await autocannon({ url: url + path, connections, duration: 5, headers: { authorization: `Bearer ${token}` } });
  return { p50: r.latency.p50, p99: r.latency.p99, rps: r.requests.average, non2xx: r.non2xx };
}

export async function benchIngest(totalEvents = 1_000_000): Promise<BenchRow[]> {
  const warm = Math.min(200_000, totalEvents);
  // The machine's speed drifts (the same insert read 40,000 to 62,000 rows/s within an hour here), so
  // the ceiling is sampled before, between and after the ingest rows, and their median is the ceiling.
  const samples = [await nativeInsertRate(warm)];
  const client = await clientBatchRate(warm);
  // 2 workers on a fresh data directory first; then 1 process, which is filled and queried.
  const rate2 = await ingestRate(warm, 2);
  samples.push(await nativeInsertRate(warm));
  const bodies = ingestBodies(warm);
  const queryRows: BenchRow[] = [];
  let rate: Rate;
  const cp = await spawnControlPlane(18282, {}, { settled: true });
  try {
    const e = await enroll(cp.url, cp.token);
    rate = await measuredIngest(cp.proc.pid!, e, bodies);
    if (totalEvents > warm) {
      // Fill to the total with the same generator (ids continue), then measure queries.
      const d = new Agent({ connect: { ca: e.caCertificatePem, cert: e.certificatePem, key: e.keyPem } });
      for (let i = warm; i < totalEvents; i += BATCH) {
        const res = await request(`${e.controlPlaneMtlsUrl}/agent/v1/events`, { dispatcher: d, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events: syntheticBatch(i, Math.min(BATCH, totalEvents - i)) }) });
        await res.body.text();
      }
      await d.close();
    }
    const label = `${(totalEvents / 1e6).toLocaleString('en')}M events stored`;
    for (const [name, path] of [
      ['GET /events?limit=100', '/api/v1/events?limit=100'],
      ['GET /events?srcIp=…&limit=100', '/api/v1/events?srcIp=10.0.1.7&limit=100'],
      ['GET /attackers?limit=50', '/api/v1/attackers?limit=50&sort=lastSeen'],
      ['GET /stats (24 h)', '/api/v1/stats'],
    ] as const) {
      // The query's own latency (one client at a time), and under 10 concurrent clients (queueing).
      const one = await latency(cp.url, cp.token, path, 1);
      const ten = await latency(cp.url, cp.token, path, 10);
      queryRows.push({
        name: `${name}, ${label}`,
        value: `1 client: p50 ${one.p50} ms, p99 ${one.p99} ms; 10 clients: p50 ${ten.p50} ms, p99 ${ten.p99} ms (${Math.round(ten.rps)} req/s)`,
        target: 'p99 < 50 ms',
        met: one.p99 < 50 && !one.non2xx && !ten.non2xx,
        note: ten.p99 >= 50 ? 'p99 over 50 ms under 10 concurrent clients' : '',
      });
    }
  } finally {
    await cp.stop();
  }
  samples.push(await nativeInsertRate(warm));
  const native = medianRate(samples);
  return [...ceilingRows(warm, native, client, samples), ingestRow(rate, warm, 1, native), ingestRow(rate2, warm, 2, native), ...queryRows];
}
