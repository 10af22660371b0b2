// The dataset loads in the background (dataset.ts), so addresses ingested before it was ready were
// stored with their scope label only; once it is ready they get their country, ASN and organisation
// here, in bounded batches (the enrichment trigger then marks them for identity clustering).
import { q } from '../../db/raw-sql';
import type { AppDeps } from '../../deps';
import { installIpDataset, ipDatasetReady, type IpDataset } from './dataset';
import { scopeOf } from './ip-scope';

const BATCH_ROWS = 500;

/** Fills every public row still without dataset facts; safe on many instances (only NULL rows move). */
export async function backfillEnrichment(deps: AppDeps, ds: IpDataset): Promise<number> {
  let after = 0;
  let filled = 0;
  for (;;) {
    const [rows] = await deps.rawBatch([q`SELECT rowid, attacker_id, ip FROM attacker_enrichment WHERE rowid > ${after} AND scope = 'public' AND dataset IS NULL ORDER BY rowid LIMIT ${BATCH_ROWS}`]);
    if (!rows?.rows.length) return filled;
    const st = rows.rows.map(([, id, ip]) => {
      const f = scopeOf(String(ip)) === 'public' ? ds.lookup(String(ip)) : { country: null, asn: null, asOrg: null };
      return q`UPDATE attacker_enrichment SET country = ${f.country}, asn = ${f.asn}, as_org = ${f.asOrg}, dataset = ${ds.version} WHERE attacker_id = ${String(id)} AND dataset IS NULL`;
    });
    filled += (await deps.rawBatch(st)).reduce((n, r) => n + r.rowsAffected, 0);
    after = Number(rows.rows.at(-1)![0]);
  }
}

/** Node: installs the loader, starts it now without waiting, and backfills when it is ready. */
export function loadIpDatasetInBackground(deps: AppDeps, load: () => Promise<IpDataset>): Promise<number> {
  installIpDataset(load);
  return ipDatasetReady()
    .then((ds) => (ds ? backfillEnrichment(deps, ds) : 0))
    .then((n) => {
      deps.logger.info('ip dataset ready', { backfilled: n });
      return n;
    })
    .catch((e: unknown) => {
      deps.logger.warn('ip dataset backfill failed', { error: String(e) });
      return 0;
    });
}
