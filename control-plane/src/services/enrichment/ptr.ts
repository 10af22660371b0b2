// PTR names for enriched public addresses, resolved off the ingest path on a schedule (Node): a
// bounded batch of `pending` rows per tick, a few lookups at a time, each with a timeout. The row is
// the cache (resolved once). Reverse zones belong to the attacker, so names are clipped and cleaned.
import { and, asc, eq } from 'drizzle-orm';
import { attackerEnrichment } from '../../db/schema';
import type { AppDeps } from '../../deps';

export const PTR_MAX_CHARS = 253; // RFC 1035 §2.3.4 (name length in text form)

export interface PtrOptions {
  /** The runtime's reverse lookup (Node: dns.promises.Resolver#reverse). */
  reverse(ip: string): Promise<string[]>;
  batch?: number;
  concurrency?: number;
  timeoutMs?: number;
}

/** One hostile name as stored: printable hostname characters only, bounded. */
export function cleanPtr(name: string): string | null {
  const v = name.replace(/[^A-Za-z0-9.\-_]/g, '').replace(/\.$/, '').slice(0, PTR_MAX_CHARS);
  return v || null;
}

type Outcome = { ptr: string | null; status: 'ok' | 'none' | 'error' };

async function lookup(ip: string, o: PtrOptions, timeoutMs: number): Promise<Outcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, fail) => (timer = setTimeout(() => fail(new Error('timeout')), timeoutMs)));
  try {
    const names = await Promise.race([o.reverse(ip), timeout]);
    const ptr = names.length > 0 ? cleanPtr(names[0]!) : null;
    return { ptr, status: ptr ? 'ok' : 'none' };
  } catch (e) {
    // NXDOMAIN / no PTR record is an answer, not a failure.
    const code = (e as { code?: string }).code;
    return { ptr: null, status: code === 'ENOTFOUND' || code === 'ENODATA' ? 'none' : 'error' };
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves up to `batch` pending rows; safe on many instances (each update only moves `pending`). */
export async function resolvePendingPtr(deps: AppDeps, o: PtrOptions): Promise<{ ok: number; none: number; error: number }> {
  const batch = o.batch ?? 50;
  const concurrency = Math.max(1, o.concurrency ?? 4);
  const timeoutMs = o.timeoutMs ?? 2000;
  const rows = await deps.db
    .select({ id: attackerEnrichment.attackerId, ip: attackerEnrichment.ip })
    .from(attackerEnrichment)
    .where(eq(attackerEnrichment.ptrStatus, 'pending'))
    .orderBy(asc(attackerEnrichment.enrichedAtMs))
    .limit(batch);
  const counts = { ok: 0, none: 0, error: 0 };
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const r = rows[next++]!;
      const res = await lookup(r.ip, o, timeoutMs);
      counts[res.status]++;
      await deps.db
        .update(attackerEnrichment)
        .set({ ptr: res.ptr, ptrStatus: res.status, ptrAtMs: deps.now() })
        .where(and(eq(attackerEnrichment.attackerId, r.id), eq(attackerEnrichment.ptrStatus, 'pending')));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, worker));
  return counts;
}

export const PTR_INTERVAL_MS = 30_000;

/** Node: resolves pending PTR names every `intervalMs` (one run at a time); returns the stop function. */
export function startPtrSchedule(deps: AppDeps, o: PtrOptions & { intervalMs?: number }): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    resolvePendingPtr(deps, o)
      .catch((e) => deps.logger.warn('ptr lookups failed', { error: String(e) }))
      .finally(() => (running = false));
  }, o.intervalMs ?? PTR_INTERVAL_MS);
  (timer as { unref?: () => void }).unref?.();
  return () => clearInterval(timer);
}
