// Coalesced ingest through the writer thread. A fleet uploads many small batches (an agent flushes
// every 250 ms): applied one by one, each pays for a whole fold (a dozen statements, the behaviour
// detectors, a commit) for a handful of events, and the writer thread saturated at about 4,000
// events/s with 1,000 agents. Here, while JOBS_IN_FLIGHT jobs are with the writer, the batches that
// arrive wait and then go as one job: planned as one batch (one upsert per attacker, credential,
// tag) and stored in one transaction. An idle writer gets each batch at once, so a lone agent
// waits for nothing.
import type { ServiceEvent } from '@decnet/protocol';
import { splitRecordingChunks } from '../recordings/chunks';
import { firstOfEachId, ingestWith, storeParts, type ApplyJob, type Counts, type IngestPart } from './ingest-native';

/**
 * Jobs with the writer at once: one in its transaction and the next planned and queued behind it, so
 * the thread never waits for the event loop to plan. Batches that arrive meanwhile wait and go as
 * one job: with 4 (the previous setting) the ingest bench's four batches of 5,000 in flight each went
 * alone; with 2 two of them go together, and each commit rewrites the pages its random keys dirty
 * (attackers, sessions, tags, the address index) once for twice the events. Interleaved runs, mTLS,
 * 200,000 events: four pairs (15,000 beyond the first batch) 25,809-27,501 events/s against
 * 21,841-26,492 with 4 in flight, the mean 11 % higher, per CPU-second too; then 28,804 and 30,035
 * (10,000, as below) against 27,390. A fleet's queue behind the writer is shorter too.
 */
const JOBS_IN_FLIGHT = 2;
/**
 * Events one coalesced job may take beyond its first batch (an agent's batch is at most 5,000):
 * ingesting 200,000 events in one process in batches of 5,000, 10,000 and 20,000 wrote 526, 361 and
 * 255 MB to the WAL. Bounded so one transaction holds the write lock for well under a second.
 */
const COALESCE_MAX_EVENTS = 10_000;

interface Waiting {
  part: IngestPart;
  size: number;
  ok: (c: Counts) => void;
  fail: (e: unknown) => void;
}

export class IngestCoalescer {
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;

  constructor(private readonly apply: ApplyJob) {}

  ingest(hostId: string, batch: ServiceEvent[], now: number): Promise<Counts> {
    const rec = splitRecordingChunks(hostId, batch);
    // Recording pieces are counted per job: a batch that carries some goes on its own.
    if (rec.chunks.length > 0) return ingestWith(this.apply, hostId, batch, now, rec);
    return new Promise((ok, fail) => {
      this.waiting.push({ part: { hostId, events: rec.events, now }, size: batch.length, ok, fail });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < JOBS_IN_FLIGHT && this.waiting.length > 0) {
      const group = [this.waiting.shift()!];
      let events = group[0]!.part.events.length;
      while (this.waiting.length > 0 && events + this.waiting[0]!.part.events.length <= COALESCE_MAX_EVENTS) {
        events += this.waiting[0]!.part.events.length;
        group.push(this.waiting.shift()!);
      }
      this.inFlight++;
      void this.run(group).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async run(group: Waiting[]): Promise<void> {
    try {
      // An id in two batches of the group is stored for the first and a duplicate for the second.
      const seen = new Set<string>();
      const r = await storeParts(this.apply, group.map((w) => ({ ...w.part, events: firstOfEachId(w.part.events, seen) })));
      group.forEach((w, k) => w.ok({ accepted: r.stored[k]!, duplicates: w.size - r.stored[k]! }));
    } catch (e) {
      if (group.length === 1) return group[0]!.fail(e);
      // One batch may be what failed: each alone, so the others are stored and only it fails.
      await Promise.all(group.map((w) => ingestWith(this.apply, w.part.hostId, w.part.events, w.part.now).then(
        (c) => w.ok({ accepted: c.accepted, duplicates: w.size - c.accepted }),
        w.fail,
      )));
    }
  }
}

const coalescers = new WeakMap<ApplyJob, IngestCoalescer>();

/** Through a writer (the Node runtime's writer thread), coalesced with the batches queued beside it. */
export function ingestNativeVia(apply: ApplyJob, hostId: string, batch: ServiceEvent[], now: number): Promise<Counts> {
  let c = coalescers.get(apply);
  if (!c) coalescers.set(apply, (c = new IngestCoalescer(apply)));
  return c.ingest(hostId, batch, now);
}
