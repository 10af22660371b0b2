// The offline IP dataset (country, ASN, organisation) behind enrichment at ingest. It is runtime
// neutral: the Node entry installs a loader that reads the ip-location-db CSV files; on Workers none
// is installed (the CSVs are far over the bundle limit) and addresses get only their scope label.
import { buildRangeTable, type RangeTable } from './ranges';

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

export function buildIpDataset(f: IpDatasetFiles): IpDataset {
  const asn: RangeTable<{ asn: number; org: string | null }> = buildRangeTable(f.asnV4Num, f.asnV6, (c) => {
    const n = Number(c[0]);
    return Number.isInteger(n) && n > 0 ? { asn: n, org: c[1] ? c[1].slice(0, ORG_MAX_CHARS) : null } : null;
  });
  const country: RangeTable<string> = buildRangeTable(f.countryV4Num, f.countryV6, (c) => (c[0] && /^[A-Z]{2}$/.test(c[0]) ? c[0] : null));
  return {
    version: f.version,
    lookup(ip) {
      const a = asn.lookup(ip);
      return { country: country.lookup(ip), asn: a?.asn ?? null, asOrg: a?.org ?? null };
    },
  };
}

let loader: (() => IpDataset) | null = null;
let loaded: IpDataset | null | undefined;

/**
 * Installs the process-wide dataset loader; it runs once, on the first public address (parsing the
 * CSVs takes about a second, so a control plane that only sees private addresses never pays it).
 */
export function installIpDataset(load: (() => IpDataset) | null): void {
  loader = load;
  loaded = undefined;
}

/** The dataset, loading it on first use; null when none is installed or it failed to load. */
export function ipDataset(): IpDataset | null {
  if (loaded === undefined) {
    try {
      loaded = loader ? loader() : null;
    } catch {
      loaded = null;
    }
  }
  return loaded;
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
