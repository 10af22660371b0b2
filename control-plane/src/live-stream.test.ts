// Live stream fan-out on one real Node control plane: 200 concurrent SSE streams (plain, filtered
// and resumed with Last-Event-ID from before the shared feed's window) while events are ingested
// over the agent API; every stream receives every event it should exactly once, in order.
import { sql } from 'drizzle-orm';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './testing/agent-harness';

let h: Harness;
let send: (events: object[]) => Promise<void>;
let n = 0;
const DECKIES = ['web-01', 'db-01', 'mail-01'];
const ev = () => {
  n++;
  return { id: `live-${n}`, ts: new Date(Date.now() - 1000).toISOString(), decky: DECKIES[n % 3], service: 'ssh', eventType: 'connect', srcIp: `198.51.100.${n % 250}`, srcPort: 40000 + n, fields: { session_id: `s${n}` }, raw: `<134>1 - ${DECKIES[n % 3]} ssh - connect marker${n % 5}` };
};

/** One SSE client: collects ids (and the ready cursor) until `done` says stop. */
function openStream(path: string, headers: Record<string, string>, dispatcher: Agent) {
  const ac = new AbortController();
  const ids: number[] = [];
  let ready = -1;
  let resolveReady!: () => void;
  const readyP = new Promise<void>((ok) => (resolveReady = ok));
  let until = Number.POSITIVE_INFINITY;
  let finish!: () => void;
  const finished = new Promise<void>((ok) => (finish = ok));
  const run = (async () => {
    const res = await h.raw(path, { headers, signal: ac.signal, dispatcher } as RequestInit);
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += dec.decode(value, { stream: true });
      const cut = buf.lastIndexOf('\n\n');
      if (cut < 0) continue;
      for (const frame of buf.slice(0, cut).split('\n\n')) {
        const id = /^id: (\d+)$/m.exec(frame);
        if (id) ids.push(Number(id[1]));
        else if (frame.startsWith('event: ready')) {
          ready = JSON.parse(frame.split('\ndata: ')[1]!).seq;
          resolveReady();
        }
      }
      buf = buf.slice(cut + 2);
      if ((ids.at(-1) ?? -1) >= until) break;
    }
    ac.abort();
    finish();
  })().catch((e) => {
    if ((e as Error).name !== 'AbortError') throw e;
  });
  return { ids, ready: () => ready, readyP, finished, run, stopAt: (seq: number) => (until = seq) };
}

beforeAll(async () => {
  h = await startHarness();
  const a = await h.enroll('sensor-live');
  const d = h.mtls(a.certificatePem, a.keyPem);
  send = async (events) => {
    const r = await h.agentCall(d, '/agent/v1/events', { events });
    expect(r.status).toBe(200);
  };
});
afterAll(() => h?.close());

const seqsAfter = async (seq: number, decky?: string) =>
  ((await h.cp.deps.db.all(sql`SELECT rowid AS s FROM events WHERE rowid > ${seq} ${decky ? sql`AND decky = ${decky}` : sql``} ORDER BY rowid`)) as { s: number }[]).map((r) => Number(r.s));

describe('live stream fan-out', () => {
  it('delivers every event to 200 streams exactly once, in order, with filters and Last-Event-ID resume', async () => {
    await send(Array.from({ length: 60 }, ev)); // before any stream: only resumed streams see these
    const resumeFrom = (await seqsAfter(0))[9]!;
    const dispatcher = new Agent({ connections: 256 });
    const streams = [
      ...Array.from({ length: 150 }, () => ({ s: openStream('/api/v1/stream', {}, dispatcher), decky: undefined as string | undefined, resume: false })),
      ...Array.from({ length: 30 }, () => ({ s: openStream('/api/v1/stream', { 'last-event-id': String(resumeFrom) }, dispatcher), decky: undefined, resume: true })),
      ...Array.from({ length: 20 }, (_, i) => ({ s: openStream(`/api/v1/stream?decky=${DECKIES[i % 3]}`, {}, dispatcher), decky: DECKIES[i % 3], resume: false })),
    ];
    await Promise.all(streams.map((x) => x.s.readyP));
    for (let b = 0; b < 20; b++) await send(Array.from({ length: 50 }, ev));
    const last = (await seqsAfter(0)).at(-1)!;
    const expected = new Map<string, number[]>();
    for (const x of streams) {
      const key = `${x.decky ?? ''}:${x.resume ? resumeFrom : x.s.ready()}`;
      if (!expected.has(key)) expected.set(key, await seqsAfter(x.resume ? resumeFrom : x.s.ready(), x.decky));
      const exp = expected.get(key)!;
      x.s.stopAt(exp.at(-1) ?? last);
    }
    await Promise.all(streams.map((x) => x.s.finished));
    for (const x of streams) {
      const exp = expected.get(`${x.decky ?? ''}:${x.resume ? resumeFrom : x.s.ready()}`)!;
      expect(x.s.ids).toEqual(exp);
    }
    // The resumed streams got the 50 events from before they connected, then the 1,000 live ones.
    expect(expected.get(`:${resumeFrom}`)).toHaveLength(1050);
    expect(streams.filter((x) => !x.resume && !x.decky).every((x) => x.s.ids.length === 1000)).toBe(true);
    await dispatcher.close();
  });
});
