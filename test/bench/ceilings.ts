// The machine's own ceilings, measured in the same run as the product rows they bound: a raw libSQL
// insert of the ingest row's events (native synchronous API, one prepared statement, one transaction
// per batch) and, for comparison, the same rows through @libsql/client's batch call. Each figure is
// also given per CPU-second, which stays comparable while other work shares the machine.
import { createClient } from '@libsql/client';
import Database from 'libsql';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../control-plane/src/runtime/node-database';
import { NATIVE_PRAGMAS } from '../../control-plane/src/db/native-sync';
import { descendants } from './proc-tree';
export { treeCpuMs } from './proc-tree';
import { syntheticBatch } from './synthetic-events';
import type { BenchRow } from './table';

const BATCH = 5000;
const INSERT = `INSERT INTO events (id, host_id, ts_ms, received_at_ms, decky, service, event_type, src_ip, src_port, fields_json, msg, raw)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING`;

type Row = (string | number | null)[];
interface Ev { id: string; ts: string; decky: string; service: string; eventType: string; srcIp?: string; srcPort?: number; fields: object; msg?: string; raw: string }

/** The rows ingest stores for the bench's synthetic events, built before the clock starts. */
function rows(total: number): Row[][] {
  const now = Date.now();
  const out: Row[][] = [];
  for (let i = 0; i < total; i += BATCH) {
    out.push((syntheticBatch(i, Math.min(BATCH, total - i)) as Ev[]).map((e) => [e.id, 'bench-host', Date.parse(e.ts), now, e.decky, e.service, e.eventType, e.srcIp ?? null, e.srcPort ?? null, JSON.stringify(e.fields), e.msg ?? null, e.raw]));
  }
  return out;
}

/** A fresh libSQL file with the product's schema (same table, indexes and pragmas as ingest). */
async function freshDb(): Promise<{ file: string; done: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'decnet-ceiling-'));
  const file = join(dir, 'ceiling.db');
  (await openDatabase(`file:${file}`)).client.close();
  return { file, done: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A throughput: per second of wall time, and per CPU-second of the process(es) doing the work. */
export interface Rate {
  perS: number;
  perCpuS: number;
}

const selfCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Rows/s through libSQL's native synchronous API: prepared statement, one transaction per batch. */
export async function nativeInsertRate(total = 200_000): Promise<Rate> {
  const batches = rows(total);
  const { file, done } = await freshDb();
  const db = new Database(file);
  try {
    db.exec(`PRAGMA journal_mode = WAL; ${NATIVE_PRAGMAS}`);
    const insert = db.prepare(INSERT);
    const tx = db.transaction((batch: Row[]) => {
      for (const r of batch) insert.run(r);
    });
    const t0 = performance.now();
    const c0 = selfCpuMs();
    for (const b of batches) tx.immediate(b);
    return { perS: total / ((performance.now() - t0) / 1000), perCpuS: total / ((selfCpuMs() - c0) / 1000) };
  } finally {
    db.close();
    done();
  }
}

/** Rows/s through @libsql/client's `batch` (one write transaction of single-row inserts per batch). */
export async function clientBatchRate(total = 200_000): Promise<Rate> {
  const batches = rows(total);
  const { file, done } = await freshDb();
  const client = createClient({ url: `file:${file}` });
  try {
    await client.execute('PRAGMA synchronous = NORMAL');
    const t0 = performance.now();
    const c0 = selfCpuMs();
    for (const b of batches) await client.batch(b.map((args) => ({ sql: INSERT, args })), 'write');
    return { perS: total / ((performance.now() - t0) / 1000), perCpuS: total / ((selfCpuMs() - c0) / 1000) };
  } finally {
    client.close();
    done();
  }
}

/** The middle one of `xs` ordered by `by` (the upper middle of an even count). */
export function median<T>(xs: readonly T[], by: (x: T) => number): T {
  return [...xs].sort((a, b) => by(a) - by(b))[Math.floor(xs.length / 2)]!;
}

/** The sample with the median wall-time rate (its per-CPU-second figure with it). */
export const medianRate = (samples: Rate[]): Rate => median(samples, (r) => r.perS);

/**
 * Both libSQL figures as bench rows; `native` (the median of `samples` when the ceiling was sampled
 * several times through the run) is the ceiling of ingest and uplink.
 */
export function ceilingRows(total: number, native: Rate, client: Rate, samples: Rate[] = [native]): BenchRow[] {
  const spread = samples.length > 1 ? `; median of ${samples.length} samples through the run: ${samples.map((r) => Math.round(r.perS)).join(', ')} rows/s` : '';
  return [
    { name: `CEILING raw libSQL insert, native sync API, prepared, 1 tx per ${BATCH} (${total.toLocaleString('en')} ingest rows)`, value: fmtRate(native, 'rows'), share: '100 %', note: `same events table, indexes and pragmas as ingest; in the bench process${spread}` },
    { name: `reference: same rows through @libsql/client batch()`, value: fmtRate(client, 'rows'), share: shares(client, native), note: 'share of the native ceiling' },
  ];
}

/** "12345 rows/s (40000 per CPU-s)". */
export function fmtRate(r: Rate, unit: string): string {
  return `${Math.round(r.perS)} ${unit}/s (${Math.round(r.perCpuS)} per CPU-s)`;
}

/** Share of a ceiling in wall time and per CPU-second (the latter comparable on a busy machine). */
export function shares(r: Rate, ceiling: Rate, of = ''): string {
  return `${shareOf(r.perS, ceiling.perS)}${of} (${shareOf(r.perCpuS, ceiling.perCpuS)} per CPU-s)`;
}

/** "42 %" of a ceiling. */
export function shareOf(value: number, ceiling: number): string {
  return ceiling > 0 ? `${Math.round((100 * value) / ceiling)} %` : '';
}
