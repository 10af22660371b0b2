// A small ip-location-db look-alike (same four CSV formats) for the D1 range-table tests: overlapping
// and duplicate-start rows, rows the parser skips, hostile and non-ASCII organisation names.
import type { IpDatasetFiles } from '../services/enrichment/dataset';
import { ipv4ToNum } from '../services/enrichment/ip-scope';

/** An organisation name that must survive SQL quoting and exec()'s line splitting byte for byte. */
export const HOSTILE_ORG = `Evil "Cloud", Inc'; DROP TABLE geo_v4; --\tTélécom 株式会社 🚀`;

const v4 = (rows: [string, string, string][]) => rows.map(([a, b, rest]) => `${ipv4ToNum(a)},${ipv4ToNum(b)},${rest}`).join('\n') + '\n';
const csv = (s: string) => `"${s.replace(/"/g, '""')}"`;

export const GEO_FIXTURE: IpDatasetFiles = {
  version: '@fixture/asn@1.0.0 @fixture/country@1.0.0',
  asnV4Num: v4([
    ['1.0.0.0', '1.0.0.255', '13335,"Cloudflare, Inc."'],
    ['8.8.0.0', '8.8.255.255', '15169,Google LLC'],
    // Overlaps the row above: a binary search finds it for 8.8.8.x and nothing for 8.8.9.0 and up.
    ['8.8.8.0', '8.8.8.255', `64500,${csv(HOSTILE_ORG)}`],
    ['9.9.9.0', '9.9.9.255', '0,skipped (no ASN)'],
    ['45.33.0.0', '45.33.127.255', '63949,Akamai Connected Cloud'],
    // Two rows with one start: the last one wins.
    ['45.33.128.0', '45.33.128.255', '64501,First'],
    ['45.33.128.0', '45.33.255.255', '64502,Second'],
    ['185.220.100.0', '185.220.101.255', '64503,'],
  ]),
  countryV4Num: v4([
    ['1.0.0.0', '1.0.0.127', 'AU'],
    ['1.0.0.128', '1.0.3.255', 'CN'],
    ['8.0.0.0', '8.127.255.255', 'US'],
    ['45.33.64.0', '45.33.191.255', 'NL'],
    ['185.220.100.0', '185.220.100.255', 'de'],
    ['185.220.101.0', '185.220.101.255', 'DE'],
  ]),
  asnV6:
    [
      '2001:4860::,2001:4860:ffff:ffff:ffff:ffff:ffff:ffff,15169,Google LLC',
      '2a00:1450::,2a00:1450:ffff:ffff:ffff:ffff:ffff:ffff,15169,Google LLC',
      '2a01:4f8::,2a01:4f8:ffff:ffff:ffff:ffff:ffff:ffff,24940,Hetzner Online GmbH',
      '::ffff:1.2.3.0,::ffff:1.2.3.255,64504,mapped rows are skipped',
    ].join('\r\n') + '\r\n',
  countryV6:
    [
      '2001:4860::,2001:4860:ffff:ffff:ffff:ffff:ffff:ffff,US',
      '2a00:1450::,2a00:1450:3fff:ffff:ffff:ffff:ffff:ffff,IE',
      '2a01:4f8::,2a01:4f8:ffff:ffff:ffff:ffff:ffff:ffff,DE',
    ].join('\n') + '\n',
};
