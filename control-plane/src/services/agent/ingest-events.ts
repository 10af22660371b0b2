// Idempotent event ingest: every event's globally unique id is the primary key, so re-sent batches
// store nothing twice. All chunks of a batch commit atomically in one `batch` round trip; then the
// newly stored events (only those) are folded into the intelligence aggregates, also atomically.
// A crash between the two commits leaves those raw events stored but unfolded (never double-folded).
import type { ServiceEvent } from '@decnet/protocol';
import type { AppDeps } from '../../deps';
import { events, type HostRow } from '../../db/schema';
import { foldStatements } from '../intel/fold';

const COLUMNS_PER_ROW = 12;

export async function ingestEvents(
  deps: AppDeps,
  host: HostRow,
  batch: ServiceEvent[],
): Promise<{ accepted: number; duplicates: number }> {
  const now = deps.now();
  // A batch can repeat an id (the agent re-read a line): keep the first.
  const seen = new Set<string>();
  const rows = [];
  for (const e of batch) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    rows.push({
      id: e.id,
      hostId: host.id,
      tsMs: Date.parse(e.ts),
      receivedAtMs: now,
      decky: e.decky,
      service: e.service,
      eventType: e.eventType,
      srcIp: e.srcIp ?? null,
      srcPort: e.srcPort ?? null,
      fieldsJson: JSON.stringify(e.fields),
      msg: e.msg ?? null,
      raw: e.raw,
    });
  }
  const perStatement = Math.max(1, Math.floor(deps.sqlParamLimit / COLUMNS_PER_ROW));
  const statements = [];
  for (let i = 0; i < rows.length; i += perStatement) {
    statements.push(deps.db.insert(events).values(rows.slice(i, i + perStatement)).onConflictDoNothing().returning({ id: events.id }));
  }
  const [first, ...rest] = statements;
  const results = first ? await deps.db.batch([first, ...rest]) : [];
  const acceptedIds = new Set(results.flatMap((r) => r.map((x) => x.id)));
  if (acceptedIds.size > 0) {
    const fresh: ServiceEvent[] = [];
    for (const e of batch) if (acceptedIds.delete(e.id)) fresh.push(e);
    const [f0, ...fRest] = (await foldStatements(deps, host.id, fresh)).map((s) => deps.db.run(s));
    if (f0) await deps.db.batch([f0, ...fRest]);
  }
  const accepted = results.reduce((n, r) => n + r.length, 0);
  return { accepted, duplicates: batch.length - accepted };
}
