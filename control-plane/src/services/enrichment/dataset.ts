// The offline IP dataset (country, ASN, organisation) behind enrichment at ingest. It is runtime
// neutral: the Node entry installs a loader that reads the ip-location-db CSV files and parses them
// in slices in the background (ingest never waits: until it is ready addresses get their scope
// label, and backfill.ts fills them in after); on Workers none is installed (the CSVs are far over
// the bundle limit) and addresses get only their scope label.
import { buildRangeTable, buildRangeTableAsync, type RangeTable } from './ranges';

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

/** The same, parsed in slices that yield to the event loop. */
export async function buildIpDatasetAsync(f: IpDatasetFiles): Promise<IpDataset> {
  return datasetOf(f.version, await buildRangeTableAsync(f.asnV4Num, f.asnV6, asnValue), await buildRangeTableAsync(f.countryV4Num, f.countryV6, countryValue));
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

/** Builds the dataset from the installed packages in the background (`read`: a module specifier to its text). */
export async function ipDatasetFromPackagesAsync(read: (specifier: string) => Promise<string>): Promise<IpDataset> {
  const F = IP_DATASET_FILES;
  const ver = async (spec: string) => {
    const p = JSON.parse(await read(spec)) as { name?: string; version?: string };
    return `${p.name ?? '?'}@${p.version ?? '?'}`;
  };
  return buildIpDatasetAsync({
    version: `${await ver(F.asnPackage)} ${await ver(F.countryPackage)}`,
    asnV4Num: await read(F.asnV4Num),
    asnV6: await read(F.asnV6),
    countryV4Num: await read(F.countryV4Num),
    countryV6: await read(F.countryV6),
  });
}

/** Builds the dataset from the installed packages through `read` (a module specifier to its text). */
export function ipDatasetFromPackages(read: (specifier: string) => string): IpDataset {
  const F = IP_DATASET_FILES;
  const ver = (spec: string) => {
    const p = JSON.parse(read(spec)) as { name?: string; version?: string };
    return `${p.name ?? '?'}@${p.version ?? '?'}`;
  };
  return buildIpDataset({
    version: `${ver(F.asnPackage)} ${ver(F.countryPackage)}`,
    asnV4Num: read(F.asnV4Num),
    asnV6: read(F.asnV6),
    countryV4Num: read(F.countryV4Num),
    countryV6: read(F.countryV6),
  });
}
