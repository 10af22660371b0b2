// JavaScript size of the built dashboard, per chunk, raw and gzipped (the first-load budget is
// 300 kB gzipped).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST } from './stack';

export const FIRST_LOAD_BUDGET_GZIP = 300 * 1024;

export function jsSizes(dist = DIST): { file: string; bytes: number; gzipBytes: number }[] {
  const dir = join(dist, 'assets');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .map((f) => {
      const buf = readFileSync(join(dir, f));
      return { file: `assets/${f}`, bytes: buf.length, gzipBytes: gzipSync(buf, { level: 9 }).length };
    });
}
