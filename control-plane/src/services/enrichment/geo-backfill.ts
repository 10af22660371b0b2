// Workers' mirror of backfill.ts: addresses stored before the D1 range tables were loaded (or while
// they were reloaded) get their country, ASN and organisation from the cron, in bounded batches with
// the progress kept in geo_dataset, so a later run continues and a finished load costs one read.
// The enrichment trigger then marks the filled attackers for identity clustering.
import { q } from '../../db/raw-sql';
import type { AppDeps } from '../../deps';
import { GEO, geoJoins, geoKey } from './geo-lookup';

const BATCH_ROWS = 500;
const BATCHES_PER_RUN = 20;

export interface GeoBackfillResult {
  /** Rows filled by this run. */
  filled: number;
  /** Every stored row is done for the loaded dataset (or none is loaded). */
  done: boolean;
}

/** Fills public rows without dataset facts from the range tables; safe on many instances. */
export async function backfillGeo(deps: AppDeps, batches = BATCHES_PER_RUN, batchRows = BATCH_ROWS): Promise<GeoBackfillResult> {
  const [meta] = await deps.rawBatch([q`SELECT loaded_at_ms, backfill_after FROM geo_dataset WHERE id = 1 AND backfilled_at_ms IS NULL`]);
  const row = meta?.rows[0];
  if (!row) return { filled: 0, done: true };
  const loadedAtMs = Number(row[0]);
  let after = Number(row[1]);
  let filled = 0;
  for (let b = 0; b < batches; b++) {
    const [page] = await deps.rawBatch([q`SELECT rowid, attacker_id, ip FROM attacker_enrichment WHERE rowid > ${after} AND scope = 'public' AND dataset IS NULL ORDER BY rowid LIMIT ${batchRows}`]);
    const rows = page?.rows ?? [];
    const last = rows.length ? Number(rows[rows.length - 1]![0]) : after;
    const keyed = JSON.stringify(rows.map(([, id, ip]) => [String(id), geoKey(String(ip))]));
    // One statement for the page; the cursor moves only for the load it was read under.
    const [upd] = await deps.rawBatch([
      q`UPDATE attacker_enrichment SET country = x.country, asn = x.asn, as_org = x.org, dataset = x.version
        FROM (SELECT json_extract(v.value, '$[0]') AS id, ${q.raw(GEO.country)} AS country, ${q.raw(GEO.asn)} AS asn, ${q.raw(GEO.org)} AS org, ${q.raw(GEO.version)} AS version
              FROM (SELECT value, json_extract(value, '$[1]') AS k FROM json_each(${keyed})) AS v ${geoJoins('v.k')}) AS x
        WHERE attacker_enrichment.attacker_id = x.id AND attacker_enrichment.dataset IS NULL AND x.version IS NOT NULL
        RETURNING 1`,
      q`UPDATE geo_dataset SET backfill_after = ${last}, backfilled_at_ms = ${rows.length < batchRows ? deps.now() : null} WHERE id = 1 AND loaded_at_ms = ${loadedAtMs}`,
    ]);
    // Counted from RETURNING: D1's change count includes the rows the enrichment trigger writes.
    filled += upd?.rows.length ?? 0;
    after = last;
    if (rows.length < batchRows) return { filled, done: true };
  }
  return { filled, done: false };
}

/** The cron's entry: logs what it filled, never throws (housekeeping goes on). */
export async function runGeoBackfill(deps: AppDeps): Promise<number> {
  try {
    const r = await backfillGeo(deps);
    if (r.filled) deps.logger.info('geo backfill', { filled: r.filled, done: r.done });
    return r.filled;
  } catch (e) {
    deps.logger.warn('geo backfill failed', { error: String(e) });
    return 0;
  }
}
