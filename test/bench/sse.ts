// Live stream fan-out: N concurrent SSE streams (default 1,000) on one control-plane process while
// ingest runs at a fixed rate (default 5,000 events/s over mutual TLS); reports the delivery latency
// (event time stamped at send -> its frame read by the client) and whether every stream got the last
// event. The client is kept cheap (native Buffer scans per chunk, no per-event parsing) so the load
// generator does not skew the figure; exactly-once delivery is proved by live-stream.test.ts.
import Database from 'libsql';
import http from 'node:http';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { enroll } from './ingest';
import { spawnControlPlane } from './spawn-control-plane';
import { syntheticBatch } from './synthetic-events';
import type { BenchRow } from './table';

const TS = Buffer.from('"ts":"');
const ID = Buffer.from('\nid: ');

interface Client {
  lastId: number;
  latencies: number[];
  req: http.ClientRequest;
}

function openStream(url: string, token: string, agent: http.Agent, ready: () => void): Client {
  const c: Client = { lastId: 0, latencies: [], req: undefined as unknown as http.ClientRequest };
  let first = true;
  c.req = http.get(`${url}/api/v1/stream`, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
    res.on('data', (buf: Buffer) => {
      if (first) {
        first = false;
        ready();
      }
      // The chunk's first event is its oldest: its latency bounds the chunk's.
      const t = buf.indexOf(TS);
      if (t >= 0 && t + 30 <= buf.length) {
        const ts = Date.parse(buf.toString('latin1', t + 6, t + 30));
        if (!Number.isNaN(ts)) c.latencies.push(Date.now() - ts);
      }
      const i = buf.lastIndexOf(ID);
      if (i >= 0) {
        const end = buf.indexOf(10, i + 5);
        if (end > 0) c.lastId = Number(buf.toString('latin1', i + 5, end));
      }
    });
  });
  c.req.on('error', () => undefined);
  return c;
}

export async function benchSse(streams = 1000, ratePerS = 5000, seconds = 20): Promise<BenchRow[]> {
  const cp = await spawnControlPlane(18384);
  const agent = new http.Agent({ keepAlive: true, maxSockets: streams + 10 });
  const clients: Client[] = [];
  try {
    const e = await enroll(cp.url, cp.token);
    const dispatcher = new Agent({ connect: { ca: e.caCertificatePem, cert: e.certificatePem, key: e.keyPem }, connections: 4 });
    let readyCount = 0;
    await new Promise<void>((ok) => {
      for (let i = 0; i < streams; i++) clients.push(openStream(cp.url, cp.token, agent, () => ++readyCount === streams && ok()));
    });
    // Ingest at a fixed rate: a batch every 100 ms, each event stamped with its send time.
    const perTick = Math.round(ratePerS / 10);
    let sent = 0;
    const t0 = Date.now();
    for (let tick = 0; tick < seconds * 10; tick++) {
      const batch = (syntheticBatch(sent, perTick) as { ts: string; id: string }[]).map((ev) => ({ ...ev, id: `sse-${ev.id}`, ts: new Date().toISOString() }));
      sent += perTick;
      const res = await request(`${e.controlPlaneMtlsUrl}/agent/v1/events`, { dispatcher, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events: batch }) });
      await res.body.text();
      const wait = t0 + (tick + 1) * 100 - Date.now();
      if (wait > 0) await new Promise((ok) => setTimeout(ok, wait));
    }
    const achieved = sent / ((Date.now() - t0) / 1000);
    const db = new Database(join(cp.dataDir, 'control-plane.db'), { readonly: true });
    const last = Number((db.prepare('SELECT max(rowid) AS m FROM events').get() as { m: number }).m);
    db.close();
    // Wait (bounded) for every stream to read the last event.
    const deadline = Date.now() + 30_000;
    while (clients.some((c) => c.lastId < last) && Date.now() < deadline) await new Promise((ok) => setTimeout(ok, 200));
    await dispatcher.close();
    const complete = clients.filter((c) => c.lastId >= last).length;
    const all = clients.flatMap((c) => c.latencies).sort((a, b) => a - b);
    const max = all.at(-1) ?? NaN;
    const p99 = all[Math.floor(all.length * 0.99)] ?? NaN;
    return [
      {
        name: `SSE fan-out: ${streams} streams, ingest ${ratePerS} events/s for ${seconds} s (1 process)`,
        value: `max delivery latency ${max} ms, p99 ${p99} ms; ${complete}/${streams} streams got every event`,
        target: 'every stream gets every event within 2 s',
        met: max <= 2000 && complete === streams,
        note: `ingest achieved ${Math.round(achieved)} events/s (${sent} events); latency per chunk (its oldest event)`,
      },
    ];
  } finally {
    for (const c of clients) c.req.destroy();
    agent.destroy();
    await cp.stop();
  }
}
