// Node's ingest hot path over libSQL's native synchronous connection. A batch is planned on the
// event loop (rows, the fold's prepared multi-row upserts: pure values, no database access) and
// applied in one synchronous write transaction, here or in the writer thread
// (runtime/node-ingest-writer.ts) so that SQLite's work runs beside the next request's parsing.
import type { ServiceEvent } from '@decnet/protocol';
import type { SyncArg, SyncSql } from '../../db/native-sync';
import { foldPlan } from '../intel/fold';
import { prepareUpsert, type Upsert } from '../intel/upsert';
import { splitRecordingChunks, type ChunkRow } from '../recordings/chunks';
import { applyNativeIngest, chunks, type NativeIngestJob, type NativeIngestOutcome } from './ingest-native-apply';

export type { NativeIngestJob, NativeIngestOutcome } from './ingest-native-apply';

/** Rounds of planning when another writer stores some of a batch's ids between them (rare). */
const MAX_ROUNDS = 8;

type Counts = { accepted: number; duplicates: number };

/** The job for `events` (unique ids, none known to be stored) and the batch's recording pieces. */
function planJob(hostId: string, events: ServiceEvent[], pieces: ChunkRow[], now: number): NativeIngestJob {
  const rows: SyncArg[][] = events.map((e) => [e.id, hostId, Date.parse(e.ts), now, e.decky, e.service, e.eventType, e.srcIp ?? null, e.srcPort ?? null, JSON.stringify(e.fields), e.msg ?? null, e.raw]);
  const fold: [string, SyncArg[]][] = [];
  for (const [u, xs] of foldPlan(hostId, events) as [Upsert<unknown>, unknown[]][]) {
    for (const [from, k] of chunks(xs.length)) {
      const p = prepareUpsert(u, k);
      fold.push([p.text, p.bind(xs, from, now) as SyncArg[]]);
    }
  }
  return { rows, fold, pieces };
}

/**
 * Plans `batch` and hands each job to `apply`. Optimistic: the common case stores every event, so
 * the first job folds them all; if some id was already stored (a retry), `apply` rolled back and
 * said which, and the next job holds exactly the rest.
 */
async function ingestWith(apply: (job: NativeIngestJob) => NativeIngestOutcome | Promise<NativeIngestOutcome>, hostId: string, batch: ServiceEvent[], now: number): Promise<Counts> {
  // A batch can repeat an id (the agent re-read a line): keep the first, as the insert would.
  // Recording pieces go to session_recordings in the same transaction, never to events.
  const rec = splitRecordingChunks(hostId, batch);
  const seen = new Set<string>();
  let events = rec.events.filter((e) => !seen.has(e.id) && seen.add(e.id));
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const out = await apply(planJob(hostId, events, rec.chunks, now));
    if ('accepted' in out) return { accepted: out.accepted, duplicates: batch.length - out.accepted };
    events = events.filter((_, i) => out.stored[i]);
  }
  throw new Error(`ingest: ids kept being stored by another writer for ${MAX_ROUNDS} rounds`);
}

/** In this thread, on `sql` (tests, benches, one-off tools). */
export function ingestNative(sql: SyncSql, hostId: string, batch: ServiceEvent[], now: number): Promise<Counts> {
  return ingestWith((job) => applyNativeIngest(sql, job), hostId, batch, now);
}

/** Through a writer (the Node runtime's writer thread). */
export function ingestNativeVia(apply: (job: NativeIngestJob) => Promise<NativeIngestOutcome>, hostId: string, batch: ServiceEvent[], now: number): Promise<Counts> {
  return ingestWith(apply, hostId, batch, now);
}
