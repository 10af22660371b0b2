// Node's ingest hot path over libSQL's native synchronous connection. A batch is planned on the
// event loop (rows, the fold's prepared multi-row upserts: pure values, no database access) and
// applied in one synchronous write transaction, here or in the writer thread
// (runtime/node-ingest-writer.ts) so that SQLite's work runs beside the next request's parsing.
// Through the writer, batches that arrive while it is busy are planned and applied as one
// (ingest-coalesce.ts): a fleet's small uploads cost one fold, not one each.
import type { ServiceEvent } from '@decnet/protocol';
import type { SyncArg, SyncSql } from '../../db/native-sync';
import { foldPlan } from '../intel/fold';
import type { HostBatch } from '../intel/aggregate';
import { prepareUpsert, type Upsert } from '../intel/upsert';
import { splitRecordingChunks, type ChunkRow } from '../recordings/chunks';
import { applyNativeIngest, chunks, type NativeIngestJob, type NativeIngestOutcome } from './ingest-native-apply';

export type { NativeIngestJob, NativeIngestOutcome } from './ingest-native-apply';

/** Rounds of planning when another writer stores some of a batch's ids between them (rare). */
const MAX_ROUNDS = 8;

export type Counts = { accepted: number; duplicates: number };
export type ApplyJob = (job: NativeIngestJob) => NativeIngestOutcome | Promise<NativeIngestOutcome>;

/** One agent's events (ids unique across the parts of a job) and when they were received. */
export interface IngestPart extends HostBatch {
  now: number;
}

/** The job for `parts` (none of their ids known to be stored) and recording pieces. */
function planJob(parts: IngestPart[], pieces: ChunkRow[]): NativeIngestJob {
  const rows: SyncArg[][] = [];
  let now = 0;
  for (const p of parts) {
    now = Math.max(now, p.now);
    for (const e of p.events) rows.push([e.id, p.hostId, Date.parse(e.ts), p.now, e.decky, e.service, e.eventType, e.srcIp ?? null, e.srcPort ?? null, JSON.stringify(e.fields), e.msg ?? null, e.raw]);
  }
  const fold: [string, SyncArg[]][] = [];
  for (const [u, xs] of foldPlan(parts) as [Upsert<unknown>, unknown[]][]) {
    for (const [from, k] of chunks(xs.length)) {
      const p = prepareUpsert(u, k);
      fold.push([p.text, p.bind(xs, from, now) as SyncArg[]]);
    }
  }
  return { rows, fold, pieces };
}

/**
 * Plans `parts` and hands each job to `apply`. Optimistic: the common case stores every event, so
 * the first job folds them all; if some id was already stored (a retry), `apply` rolled back and
 * said which, and the next job holds exactly the rest. Returns how many events of each part were
 * stored, and how many recording pieces.
 */
export async function storeParts(apply: ApplyJob, parts: IngestPart[], pieces: ChunkRow[] = []): Promise<{ stored: number[]; pieces: number }> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const out = await apply(planJob(parts, pieces));
    if ('accepted' in out) {
      const stored = parts.map((p) => p.events.length);
      return { stored, pieces: out.accepted - stored.reduce((n, k) => n + k, 0) };
    }
    let i = 0;
    parts = parts.map((p) => ({ ...p, events: p.events.filter(() => out.stored[i++]) }));
  }
  throw new Error(`ingest: ids kept being stored by another writer for ${MAX_ROUNDS} rounds`);
}

/** Keeps the first event of each id (the insert would too): `seen` spans what is stored together. */
export const firstOfEachId = (events: ServiceEvent[], seen = new Set<string>()) => events.filter((e) => !seen.has(e.id) && seen.add(e.id));

/**
 * One agent's batch on its own; recording pieces go to session_recordings in the same transaction.
 * `rec`: the batch already split (the coalescer splits it to decide).
 */
export async function ingestWith(apply: ApplyJob, hostId: string, batch: ServiceEvent[], now: number, rec = splitRecordingChunks(hostId, batch)): Promise<Counts> {
  const r = await storeParts(apply, [{ hostId, events: firstOfEachId(rec.events), now }], rec.chunks);
  const accepted = r.stored[0]! + r.pieces;
  return { accepted, duplicates: batch.length - accepted };
}

/** In this thread, on `sql` (tests, benches, one-off tools). */
export function ingestNative(sql: SyncSql, hostId: string, batch: ServiceEvent[], now: number): Promise<Counts> {
  return ingestWith((job) => applyNativeIngest(sql, job), hostId, batch, now);
}
