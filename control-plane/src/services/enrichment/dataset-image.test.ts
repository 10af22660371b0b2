// The dataset image answers exactly what the in-memory tables answer: generated tables of thousands
// of ranges with gaps, small blocks so every lookup crosses block edges, IPv4, IPv6 and IPv4-mapped
// addresses, values with quotes and non-ASCII text; a torn or foreign image is refused.
import { describe, expect, it } from 'vitest';
import { encodeDatasetImage, openDatasetImage, readImageHeader, type ReadAt } from './dataset-image';
import { buildRangeArraysAsync, buildRangeTable } from './ranges';

const memoryReader = (img: Uint8Array): ReadAt => (offset, length) => img.subarray(offset, Math.min(img.length, offset + length));

/** A deterministic generator (no flakes from Math.random). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** Sorted ranges with gaps: `n` IPv4 rows and `n` IPv6 rows as the ip-location-db CSVs write them. */
function csvs(n: number, value: (i: number) => string): { v4: string; v6: string } {
  const r = rng(n);
  const v4: string[] = [];
  let at = 16_777_216;
  for (let i = 0; i < n; i++) {
    const start = at + Math.floor(r() * 3) * 256;
    const end = start + 255 + Math.floor(r() * 4) * 256;
    v4.push(`${start},${end},${value(i)}`);
    at = end + 1;
  }
  const v6: string[] = [];
  for (let i = 0; i < n; i++) {
    const hi = (0x2001_0000 + i * 3).toString(16);
    const g = `${hi.slice(0, 4)}:${hi.slice(4)}`;
    v6.push(`${g}:${(i % 7).toString(16)}::,${g}:${(i % 7).toString(16)}:ffff:ffff:ffff:ffff:ffff,${value(i)}`);
  }
  return { v4: v4.join('\n') + '\n', v6: v6.join('\n') + '\n' };
}

const asnValue = (c: string[]) => ({ asn: Number(c[0]), org: c[1] ?? null });

describe('IP dataset image', () => {
  it('answers every address as the in-memory table does, across block edges and gaps', async () => {
    const { v4, v6 } = csvs(3000, (i) => `${64_512 + (i % 700)},"Org ""${i % 700}"", Zürich ✓"`);
    const mem = buildRangeTable(v4, v6, asnValue);
    const img = encodeDatasetImage('fixture@1', 'src', { asn: await buildRangeArraysAsync(v4, v6, asnValue) }, 8);
    const table = openDatasetImage(memoryReader(img), img.length).tables.asn!;
    const r = rng(7);
    const ips: string[] = ['0.0.0.0', '1.0.0.0', '1.0.0.255', '255.255.255.255', '::', 'ffff::1', '::ffff:1.0.0.7', 'not-an-ip', ''];
    for (let i = 0; i < 20_000; i++) {
      const n = 16_777_216 + Math.floor(r() * 3000 * 900);
      ips.push([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.'));
      // Mostly inside a row (its /48, the right next group), some just beside one.
      const k = Math.floor(r() * 3050);
      const hi = (0x2001_0000 + k * 3 + (r() < 0.8 ? 0 : 1)).toString(16);
      const x = r() < 0.8 ? k % 7 : Math.floor(r() * 8);
      ips.push(`${hi.slice(0, 4)}:${hi.slice(4)}:${x.toString(16)}::${Math.floor(r() * 65536).toString(16)}`);
    }
    const found = ips.filter((ip) => mem.lookup(ip) !== null).length;
    expect(found).toBeGreaterThan(ips.length / 4); // the sweep hits rows, not only gaps
    expect(found).toBeLessThan(ips.length);
    for (const ip of ips) expect([ip, table.lookup(ip)]).toEqual([ip, mem.lookup(ip)]);
    const hit = ips.find((ip) => table.lookup(ip) !== null)!;
    expect(table.lookup(hit)).toMatchObject({ org: expect.stringMatching(/^Org "\d+", Zürich ✓$/) });
  });

  it('keeps the version and source it was written with', async () => {
    const { v4, v6 } = csvs(10, () => 'US');
    const img = encodeDatasetImage('pkg@2 other@3', '1@2 3@4', { country: await buildRangeArraysAsync(v4, v6, (c) => c[0] ?? null) });
    const opened = openDatasetImage(memoryReader(img), img.length);
    expect([opened.version, opened.source, opened.tables.country!.size]).toEqual(['pkg@2 other@3', '1@2 3@4', 20]);
  });

  it('refuses a torn write and a file that is not an image', async () => {
    const { v4, v6 } = csvs(50, () => 'US');
    const img = encodeDatasetImage('v', 's', { country: await buildRangeArraysAsync(v4, v6, (c) => c[0] ?? null) });
    const torn = img.subarray(0, img.length - 100);
    expect(readImageHeader(memoryReader(torn), torn.length)).toMatchObject({ error: expect.stringContaining('torn write') });
    expect(() => openDatasetImage(memoryReader(torn), torn.length)).toThrow(/torn write/);
    const text = new TextEncoder().encode('1,2,US\n3,4,FR\n');
    expect(readImageHeader(memoryReader(text), text.length)).toEqual({ error: 'not a dataset image' });
    const long = img.slice();
    new DataView(long.buffer).setUint32(8, 10_000_000, true);
    expect(readImageHeader(memoryReader(long), long.length)).toEqual({ error: 'header too long' });
  });
});
