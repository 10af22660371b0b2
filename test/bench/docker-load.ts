// Connection-rate load for one decky service: N concurrent loops, each connect (from one of several
// source addresses) -> optional request -> first byte -> close. A connection closed before any byte
// counts as refused (the runner's admission limits accept and drop).
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface LoadOptions {
  host: string;
  port: number;
  /** Sent after connect (e.g. an HTTP request); undefined waits for a banner. */
  request?: string;
  concurrency: number;
  /** Local addresses the loops bind to, round-robin (the runner also caps connections per source). */
  sources: readonly string[];
  durationMs: number;
  timeoutMs?: number;
}

export interface LoadResult {
  completed: number;
  connPerS: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  refused: number;
  errors: number;
}

type Outcome = { kind: 'ok'; ms: number } | { kind: 'refused' } | { kind: 'error' };

function once(o: LoadOptions, source: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    let got = false;
    let done = false;
    const s: Socket = connect({ host: o.host, port: o.port, localAddress: source });
    const finish = (r: Outcome): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      s.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ kind: 'error' }), o.timeoutMs ?? 10_000);
    s.setNoDelay(true);
    s.on('connect', () => {
      if (o.request) s.write(o.request);
    });
    s.on('data', () => {
      got = true;
      finish({ kind: 'ok', ms: performance.now() - t0 });
    });
    s.on('error', (e: NodeJS.ErrnoException) => finish(e.code === 'ECONNRESET' || e.code === 'ECONNREFUSED' ? { kind: 'refused' } : { kind: 'error' }));
    s.on('close', () => finish(got ? { kind: 'ok', ms: performance.now() - t0 } : { kind: 'refused' }));
  });
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function connectionLoad(o: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let refused = 0;
  let errors = 0;
  const t0 = Date.now();
  const deadline = t0 + o.durationMs;
  const loop = async (i: number): Promise<void> => {
    const source = o.sources[i % o.sources.length]!;
    while (Date.now() < deadline) {
      const r = await once(o, source);
      if (r.kind === 'ok') latencies.push(r.ms);
      else if (r.kind === 'refused') {
        refused++;
        await sleep(5); // a refused client backs off a little instead of spinning
      } else errors++;
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, (_, i) => loop(i)));
  const elapsedS = (Date.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    completed: latencies.length,
    connPerS: latencies.length / elapsedS,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies.at(-1) ?? NaN,
    refused,
    errors,
  };
}
