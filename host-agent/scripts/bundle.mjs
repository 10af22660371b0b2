#!/usr/bin/env node
// Builds the agent bundle: the compiled agent from the production build (dist/decnet-agent.mjs, its
// broker thread and the decky runner; scripts/build.mjs rebuilds them when sources changed) plus the npm
// packages they import at run time, laid out like the checkout (dist/ beside node_modules). Nothing in
// it transpiles at run time. install.sh installs it to /opt/decnet-agent; `--tar FILE` also packs it,
// which is what a control plane serves (and registers as a release: `--version` stamps the version the
// agent reports). Usage: node host-agent/scripts/bundle.mjs --out DIR [--tar FILE.tar.gz] [--version V]
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureBuild } from '../../scripts/build.mjs';
import { AGENT_FILES, DIST } from '../../scripts/build/node-bundles.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The workspaces compiled into the agent; their npm dependencies ship as node_modules. */
const WORKSPACES = ['host-agent', 'protocol', 'templates'];
/** install.sh recognises a built bundle by this package name. */
export const BUNDLE_NAME = 'decnet-agent-bundle';

const { values } = parseArgs({ options: { out: { type: 'string' }, tar: { type: 'string' }, version: { type: 'string' } } });
if (!values.out) {
  console.error('usage: bundle.mjs --out DIR [--tar FILE.tar.gz] [--version V]');
  process.exit(2);
}
const out = resolve(values.out);

const readJson = (p) => JSON.parse(readFileSync(p, 'utf8'));

/** Directory of package `name` as Node would find it from `fromDir`. */
function resolvePackage(name, fromDir) {
  for (let d = fromDir; ; d = dirname(d)) {
    const candidate = join(d, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (d === ROOT || d === dirname(d)) return undefined;
  }
}

/** Every npm package directory reachable through the workspaces' dependencies (optional ones when installed). */
function closure() {
  const seen = new Set();
  const queue = WORKSPACES.map((w) => join(ROOT, w));
  while (queue.length > 0) {
    const dir = queue.shift();
    const pj = readJson(join(dir, 'package.json'));
    const deps = Object.keys({ ...pj.dependencies, ...pj.optionalDependencies, ...pj.peerDependencies }).filter((n) => !n.startsWith('@decnet/'));
    for (const name of deps) {
      const found = resolvePackage(name, dir);
      if (!found || seen.has(found)) continue; // an optional dependency for another platform, or known
      seen.add(found);
      queue.push(found);
    }
  }
  return [...seen];
}

await ensureBuild({ workers: false, quiet: true });
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'dist'), { recursive: true });
for (const f of AGENT_FILES) copyFileSync(join(DIST, f), join(out, 'dist', f));
// The launcher keeps the path install.sh, the systemd unit and operators know.
mkdirSync(join(out, 'host-agent', 'bin'), { recursive: true });
const launcher = join(out, 'host-agent', 'bin', 'decnet-agent.mjs');
writeFileSync(launcher, "#!/usr/bin/env node\n// decnet-agent CLI of an installed bundle: the compiled agent beside it.\nawait import('../../dist/decnet-agent.mjs');\n");
chmodSync(launcher, 0o755);
copyFileSync(join(ROOT, 'host-agent', 'install.sh'), join(out, 'host-agent', 'install.sh'));
// Data files the compiled agent reads beside the bundle (the sniffer's p0f database and its licence).
cpSync(join(DIST, 'data'), join(out, 'dist', 'data'), { recursive: true });
const packages = closure();
for (const dir of packages) cpSync(dir, join(out, relative(ROOT, dir)), { recursive: true, dereference: false });
if (values.version !== undefined && !/^[0-9A-Za-z.+_-]{1,64}$/.test(values.version)) {
  console.error('bundle.mjs: --version: 1-64 letters, digits, dot, plus, underscore or hyphen');
  process.exit(2);
}
const version = values.version ?? readJson(join(ROOT, 'host-agent', 'package.json')).version;
writeFileSync(join(out, 'package.json'), JSON.stringify({ name: BUNDLE_NAME, private: true, type: 'module', version }, null, 2) + '\n');
console.log(`bundle: ${out} (compiled agent, ${packages.length} npm packages)`);
if (values.tar) {
  // package.json first: a control plane reads the bundle's version from it without unpacking the rest.
  const rest = readdirSync(out).filter((n) => n !== 'package.json').map((n) => `./${n}`);
  execFileSync('tar', ['-czf', resolve(values.tar), '-C', out, './package.json', ...rest]);
  console.log(`bundle: packed into ${values.tar}`);
}
