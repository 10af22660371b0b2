// Source fingerprint of a build target: a SHA-256 over the relative path, size and content of every
// input file (sources, lockfile, build scripts). A target is rebuilt only when its fingerprint changes.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const SKIP_DIRS = new Set(['node_modules', 'dist', '.wrangler', '.data', 'coverage', 'test-artifacts']);

function walk(path, out) {
  if (!existsSync(path)) return;
  if (!statSync(path).isDirectory()) {
    out.push(path);
    return;
  }
  for (const name of readdirSync(path).sort()) {
    if (!SKIP_DIRS.has(name)) walk(join(path, name), out);
  }
}

/** Fingerprint of `inputs` (files or directories, relative to `root`); test files do not count. */
export function fingerprint(root, inputs) {
  const files = [];
  for (const input of inputs) walk(join(root, input), files);
  const hash = createHash('sha256');
  for (const file of files) {
    if (/\.test\.tsx?$/.test(file)) continue;
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

export function isFresh(stampFile, print, outputs) {
  if (!outputs.every((o) => existsSync(o))) return false;
  try {
    return readFileSync(stampFile, 'utf8').trim() === print;
  } catch {
    return false;
  }
}

export function writeStamp(stampFile, print) {
  writeFileSync(stampFile, `${print}\n`);
}
