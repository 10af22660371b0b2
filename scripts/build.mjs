#!/usr/bin/env node
// Production build: the Node bundles in dist/ (npm start, control plane, host agent + broker thread,
// decky runner; scripts/build/node-bundles.mjs) and the Workers bundle in dist/workers (wrangler
// --dry-run) with its static assets in dist/workers-assets (dashboard, install.sh, agent bundle). Each
// target is rebuilt only when its source fingerprint changed (dist/.stamp-<target>).
// Usage: node scripts/build.mjs [--node] [--force] [--quiet]    (--node: skip the Workers bundle)
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { buildNodeBundles, DIST, ENTRIES, NODE_INPUTS, ROOT } from './build/node-bundles.mjs';
import { fingerprint, isFresh, writeStamp } from './build/stamp.mjs';
import { composeWorkersAssets } from './build/workers-assets.mjs';

const WORKERS_INPUTS = ['protocol/src', 'control-plane/src', 'control-plane/drizzle', 'wrangler.toml', 'package-lock.json', 'tsconfig.json', 'scripts/build.mjs'];

/** Runs `make` unless the stamp of `name` matches the fingerprint of `inputs`; true when it built. */
async function target(name, inputs, outputs, make, o) {
  const stamp = join(DIST, `.stamp-${name}`);
  const print = fingerprint(ROOT, inputs);
  if (!o.force && isFresh(stamp, print, outputs)) return false;
  const t0 = performance.now();
  if (!o.quiet) process.stdout.write(`build: ${name}… `);
  await make();
  writeStamp(stamp, print);
  if (!o.quiet) process.stdout.write(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  return true;
}

/** Builds what is out of date; `workers: false` skips the Workers bundle. */
export async function ensureBuild(o = {}) {
  mkdirSync(DIST, { recursive: true });
  await target('node', NODE_INPUTS, Object.keys(ENTRIES).map((f) => join(DIST, f)), buildNodeBundles, o);
  if (o.workers === false) return;
  if (!o.quiet) process.stdout.write('build: workers assets (dashboard, install.sh, agent bundle)… ');
  const composed = composeWorkersAssets(o);
  if (!o.quiet) process.stdout.write(composed ? 'done\n' : 'up to date\n');
  const outdir = join(DIST, 'workers');
  await target('workers', WORKERS_INPUTS, [join(outdir, 'workers.js')], async () => {
    execFileSync(join(ROOT, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--outdir', outdir], {
      cwd: ROOT,
      stdio: o.quiet ? 'ignore' : ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    });
  }, o);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { node: { type: 'boolean', default: false }, force: { type: 'boolean', default: false }, quiet: { type: 'boolean', default: false } } });
  await ensureBuild({ workers: !values.node, force: values.force, quiet: values.quiet });
}
