// The static assets of a Workers deployment (wrangler.toml [assets]): the built dashboard plus what the
// one-line agent install fetches from the control plane, under /_agent/ (install.sh and the agent
// bundle, which the Worker's /agent/v1/install.sh and /agent/v1/agent-bundle.tar.gz routes read through
// the ASSETS binding). Recomposed only when the dashboard, install.sh or the agent's sources changed.
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, NODE_INPUTS, ROOT } from './node-bundles.mjs';
import { fingerprint, isFresh, writeStamp } from './stamp.mjs';

export const WORKERS_ASSETS = join(DIST, 'workers-assets');
const DASHBOARD_DIST = join(ROOT, 'dashboard/dist');
const INPUTS = ['dashboard/dist', 'host-agent/install.sh', 'host-agent/scripts/bundle.mjs', ...NODE_INPUTS];

/** Builds dist/workers-assets when out of date; true when it did. Needs the dashboard built first. */
export function composeWorkersAssets(o = {}) {
  if (!existsSync(join(DASHBOARD_DIST, 'index.html'))) {
    throw new Error('dashboard/dist is missing: build the dashboard first (npm run build -w @decnet/dashboard)');
  }
  const stamp = join(DIST, '.stamp-workers-assets');
  const agentDir = join(WORKERS_ASSETS, '_agent');
  const outputs = [join(WORKERS_ASSETS, 'index.html'), join(agentDir, 'install.sh'), join(agentDir, 'agent-bundle.tar.gz')];
  const print = fingerprint(ROOT, INPUTS);
  if (!o.force && isFresh(stamp, print, outputs)) return false;
  // Composed next to it and swapped in by renames, so a reader (wrangler, the workerd test pool) never
  // finds the directory missing.
  const next = `${WORKERS_ASSETS}.next`;
  const old = `${WORKERS_ASSETS}.old`;
  rmSync(next, { recursive: true, force: true });
  cpSync(DASHBOARD_DIST, next, { recursive: true });
  mkdirSync(join(next, '_agent'), { recursive: true });
  copyFileSync(join(ROOT, 'host-agent/install.sh'), join(next, '_agent', 'install.sh'));
  const staging = join(DIST, 'agent-bundle');
  execFileSync(process.execPath, [join(ROOT, 'host-agent/scripts/bundle.mjs'), '--out', staging, '--tar', join(next, '_agent', 'agent-bundle.tar.gz')], {
    cwd: ROOT,
    stdio: o.quiet ? 'ignore' : ['ignore', 'ignore', 'inherit'],
  });
  rmSync(staging, { recursive: true, force: true });
  rmSync(old, { recursive: true, force: true });
  if (existsSync(WORKERS_ASSETS)) renameSync(WORKERS_ASSETS, old);
  renameSync(next, WORKERS_ASSETS);
  rmSync(old, { recursive: true, force: true });
  writeStamp(stamp, print);
  return true;
}
