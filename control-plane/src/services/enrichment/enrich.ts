// Enrichment of one attacker address at ingest: its scope label always; country, ASN and
// organisation from the offline dataset for public addresses only (the dataset also covers some
// private blocks by mistake, e.g. 192.168/16 as AU). Memoised: the same few addresses repeat.
import { ipDataset } from './dataset';
import { scopeOf, type IpScope } from './ip-scope';

export interface Enrichment {
  scope: IpScope;
  country: string | null;
  asn: number | null;
  asOrg: string | null;
  dataset: string | null;
}

const memo = new Map<string, Enrichment>();
let memoFor: unknown;

export function enrichIp(ip: string): Enrichment {
  const ds = ipDataset();
  if (memoFor !== ds) (memo.clear(), (memoFor = ds));
  let e = memo.get(ip);
  if (e === undefined) {
    const scope = scopeOf(ip) ?? 'reserved';
    const facts = scope === 'public' && ds ? ds.lookup(ip) : null;
    e = { scope, country: facts?.country ?? null, asn: facts?.asn ?? null, asOrg: facts?.asOrg ?? null, dataset: facts ? ds!.version : null };
    if (memo.size >= 100_000) memo.clear();
    memo.set(ip, e);
  }
  return e;
}
