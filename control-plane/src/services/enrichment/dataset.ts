// The offline IP dataset (country, ASN, organisation) behind enrichment at ingest. It is runtime
// neutral: the Node entry installs a loader that opens the dataset's image in the data directory,
// first writing it from the ip-location-db CSV files parsed in slices (runtime/node-ip-dataset.ts),
// all in the background (ingest never waits: until it is ready addresses get their scope label, and
// backfill.ts fills them in after); on Workers none is installed (the CSVs are far over the bundle
// limit): D1's range tables answer there (geo-lookup.ts).
import type { DatasetImage } from './dataset-image';
import { buildRangeArraysAsync, buildRangeTable, type RangeArrays, type RangeTable } from './ranges';

export interface IpFacts {
  country: string | null;
  asn: number | null;
  asOrg: string | null;
}

export interface IpDataset {
  /** Names and versions of the packages the facts come from (stored with each row). */
  version: string;
  lookup(ip: string): IpFacts;
}

/** The files of `@ip-location-db/asn` and `@ip-location-db/geo-whois-asn-country`, as text. */
export interface IpDatasetFiles {
  version: string;
  asnV4Num: string;
  asnV6: string;
  countryV4Num: string;
  countryV6: string;
}

const ORG_MAX_CHARS = 128;

/** The payload of an ASN row (`asn,org`); shared with the D1 range generator (geo-sql.ts). */
export const asnValue = (c: string[]) => {
  const n = Number(c[0]);
  return Number.isInteger(n) && n > 0 ? { asn: n, org: c[1] ? c[1].slice(0, ORG_MAX_CHARS) : null } : null;
};
/** The payload of a country row (`CC`). */
export const countryValue = (c: string[]) => (c[0] && /^[A-Z]{2}$/.test(c[0]) ? c[0] : null);

export function buildIpDataset(f: IpDatasetFiles): IpDataset {
  return datasetOf(f.version, buildRangeTable(f.asnV4Num, f.asnV6, asnValue), buildRangeTable(f.countryV4Num, f.countryV6, countryValue));
}

/** The dataset of an opened image (dataset-image.ts) with the tables `asn` and `country`. */
export function ipDatasetOfImage(image: DatasetImage): IpDataset {
  const { asn, country } = image.tables;
  if (!asn || !country) throw new Error('IP dataset image without its asn and country tables');
  return datasetOf(image.version, asn as RangeTable<{ asn: number; org: string | null }>, country as RangeTable<string>);
}

function datasetOf(version: string, asn: RangeTable<{ asn: number; org: string | null }>, country: RangeTable<string>): IpDataset {
  return {
    version,
    lookup(ip) {
      const a = asn.lookup(ip);
      return { country: country.lookup(ip), asn: a?.asn ?? null, asOrg: a?.org ?? null };
    },
  };
}

let loader: (() => IpDataset | Promise<IpDataset>) | null = null;
let loaded: IpDataset | null | undefined;
let loading: Promise<IpDataset | null> | null = null;

/**
 * Installs the process-wide dataset loader. It runs once, when first asked for (the Node entry asks
 * at start); an asynchronous loader runs in the background and nobody waits for it.
 */
export function installIpDataset(load: (() => IpDataset | Promise<IpDataset>) | null): void {
  loader = load;
  loaded = undefined;
  loading = null;
}

/** Starts loading when not started; resolves with the dataset (null: none installed, or it failed). */
export function ipDatasetReady(): Promise<IpDataset | null> {
  if (loaded !== undefined) return Promise.resolve(loaded);
  if (!loading) {
    const mine = loader;
    let result: IpDataset | Promise<IpDataset> | null;
    try {
      result = mine ? mine() : null;
    } catch {
      result = null;
    }
    if (!(result instanceof Promise)) return Promise.resolve((loaded = result));
    loading = result.catch(() => null).then((ds) => {
      // A loader installed meanwhile (tests) wins over this one.
      if (loader === mine) loaded = ds;
      return ds;
    });
  }
  return loading;
}

/** The dataset when ready, else null (and loading starts): never waits. */
export function ipDataset(): IpDataset | null {
  if (loaded === undefined) void ipDatasetReady();
  return loaded ?? null;
}

/** Package files the dataset is built from, resolved by the runtime (module specifiers). */
export const IP_DATASET_FILES = {
  asnV4Num: '@ip-location-db/asn/asn-ipv4-num.csv',
  asnV6: '@ip-location-db/asn/asn-ipv6.csv',
  countryV4Num: '@ip-location-db/geo-whois-asn-country/geo-whois-asn-country-ipv4-num.csv',
  countryV6: '@ip-location-db/geo-whois-asn-country/geo-whois-asn-country-ipv6.csv',
  asnPackage: '@ip-location-db/asn/package.json',
  countryPackage: '@ip-location-db/geo-whois-asn-country/package.json',
} as const;

/** The parsed tables of the installed packages, in slices that yield to the event loop (`read`: a module specifier to its text). */
export async function ipDatasetTablesFromPackagesAsync(
  read: (specifier: string) => Promise<string>,
): Promise<{ asn: RangeArrays<{ asn: number; org: string | null }>; country: RangeArrays<string> }> {
  const F = IP_DATASET_FILES;
  return {
    asn: await buildRangeArraysAsync(await read(F.asnV4Num), await read(F.asnV6), asnValue),
    country: await buildRangeArraysAsync(await read(F.countryV4Num), await read(F.countryV6), countryValue),
  };
}

/** Names and versions of the installed packages, as stored with each enriched row. */
export async function ipDatasetVersion(read: (specifier: string) => Promise<string> | string): Promise<string> {
  const ver = async (spec: string) => {
    const p = JSON.parse(await read(spec)) as { name?: string; version?: string };
    return `${p.name ?? '?'}@${p.version ?? '?'}`;
  };
  return `${await ver(IP_DATASET_FILES.asnPackage)} ${await ver(IP_DATASET_FILES.countryPackage)}`;
}
