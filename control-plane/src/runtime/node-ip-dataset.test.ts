// The dataset image in a data directory, built from small package fixtures on disk: written once,
// opened after; rebuilt when a CSV is replaced in place (the README's update path), when the
// packages' versions change, and when the file was torn; two processes' worth of concurrent
// loads leave one whole image.
import { mkdirSync, mkdtempSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IP_DATASET_FILES } from '../services/enrichment/dataset';
import { IP_DATASET_IMAGE, ipDatasetFromImage } from './node-ip-dataset';

const root = mkdtempSync(join(tmpdir(), 'decnet-ipimg-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const FIXTURE: Record<string, string> = {
  [IP_DATASET_FILES.asnV4Num]: '16777216,16777471,13335,"Cloudflare, Inc."\n134744064,134744319,15169,Google LLC\n',
  [IP_DATASET_FILES.asnV6]: '2001:4860::,2001:4860:ffff:ffff:ffff:ffff:ffff:ffff,15169,Google LLC\n',
  [IP_DATASET_FILES.countryV4Num]: '16777216,16777471,AU\n134217728,134774783,US\n',
  [IP_DATASET_FILES.countryV6]: '2001:4860::,2001:4860:ffff:ffff:ffff:ffff:ffff:ffff,US\n',
  [IP_DATASET_FILES.asnPackage]: JSON.stringify({ name: '@ip-location-db/asn', version: '1.0.0' }),
  [IP_DATASET_FILES.countryPackage]: JSON.stringify({ name: '@ip-location-db/geo-whois-asn-country', version: '1.0.0' }),
};

/** A packages directory holding the fixture, and its resolver. */
function packages(name: string): { resolve: (spec: string) => string; write: (spec: string, text: string) => void } {
  const dir = join(root, name);
  const path = (spec: string) => join(dir, spec);
  const write = (spec: string, text: string) => {
    mkdirSync(join(path(spec), '..'), { recursive: true });
    writeFileSync(path(spec), text);
  };
  for (const [spec, text] of Object.entries(FIXTURE)) write(spec, text);
  return { resolve: path, write };
}

describe('IP dataset image in the data directory', () => {
  it('is written on the first load and opened on the next, with the same answers', async () => {
    const data = mkdtempSync(join(root, 'data-'));
    const pk = packages('a');
    const first = await ipDatasetFromImage(data, pk.resolve);
    expect(first.built).toBe(true);
    expect(statSync(join(data, IP_DATASET_IMAGE)).mode & 0o777).toBe(0o600);
    const second = await ipDatasetFromImage(data, pk.resolve);
    expect(second.built).toBe(false);
    for (const ds of [first.dataset, second.dataset]) {
      expect(ds.version).toBe('@ip-location-db/asn@1.0.0 @ip-location-db/geo-whois-asn-country@1.0.0');
      expect(ds.lookup('8.8.8.8')).toEqual({ country: 'US', asn: 15169, asOrg: 'Google LLC' });
      expect(ds.lookup('1.0.0.1')).toEqual({ country: 'AU', asn: 13335, asOrg: 'Cloudflare, Inc.' });
      expect(ds.lookup('2001:4860::8888')).toEqual({ country: 'US', asn: 15169, asOrg: 'Google LLC' });
      expect(ds.lookup('9.9.9.9')).toEqual({ country: null, asn: null, asOrg: null });
    }
  });

  it('is rebuilt when a CSV is replaced in place, when the versions change, and when the file is torn', async () => {
    const data = mkdtempSync(join(root, 'data-'));
    const pk = packages('b');
    expect((await ipDatasetFromImage(data, pk.resolve)).built).toBe(true);
    // Newer CSV dropped in place: 8.8.8.8 moves to another organisation.
    pk.write(IP_DATASET_FILES.asnV4Num, '134744064,134744319,64500,Renamed Org\n');
    const csv = pk.resolve(IP_DATASET_FILES.asnV4Num);
    utimesSync(csv, new Date(), new Date(Date.now() + 5000));
    const replaced = await ipDatasetFromImage(data, pk.resolve);
    expect(replaced.built).toBe(true);
    expect(replaced.dataset.lookup('8.8.8.8')).toMatchObject({ asn: 64500, asOrg: 'Renamed Org' });
    pk.write(IP_DATASET_FILES.countryPackage, JSON.stringify({ name: '@ip-location-db/geo-whois-asn-country', version: '2.0.0' }));
    const upgraded = await ipDatasetFromImage(data, pk.resolve);
    expect([upgraded.built, upgraded.dataset.version]).toEqual([true, '@ip-location-db/asn@1.0.0 @ip-location-db/geo-whois-asn-country@2.0.0']);
    const file = join(data, IP_DATASET_IMAGE);
    truncateSync(file, statSync(file).size - 10);
    const repaired = await ipDatasetFromImage(data, pk.resolve);
    expect(repaired.built).toBe(true);
    expect(repaired.dataset.lookup('8.8.8.8')).toMatchObject({ country: 'US', asn: 64500 });
    writeFileSync(file, 'garbage');
    expect((await ipDatasetFromImage(data, pk.resolve)).built).toBe(true);
  });

  it('survives loads racing on one directory (processes sharing a data directory)', async () => {
    const data = mkdtempSync(join(root, 'data-'));
    const pk = packages('c');
    const all = await Promise.all([1, 2, 3].map(() => ipDatasetFromImage(data, pk.resolve)));
    for (const r of all) expect(r.dataset.lookup('8.8.8.8')).toMatchObject({ asn: 15169 });
    expect((await ipDatasetFromImage(data, pk.resolve)).built).toBe(false);
  });
});
