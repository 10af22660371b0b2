#!/usr/bin/env node
// Builds the agent bundle: the host-agent, protocol and templates workspaces (sources, no tests)
// plus exactly the npm packages they need at run time (and tsx, which runs the TypeScript), laid
// out like the checkout so module resolution is unchanged. install.sh installs it to
// /opt/decnet-agent; `--tar FILE` also packs it, which is what a control plane can serve.
// Usage: node host-agent/scripts/bundle.mjs --out DIR [--tar FILE.tar.gz]
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WORKSPACES = ['host-agent', 'protocol', 'templates'];
const RUNTIME_EXTRA = ['tsx'];

const { values } = parseArgs({ options: { out: { type: 'string' }, tar: { type: 'string' } } });
if (!values.out) {
  console.error('usage: bundle.mjs --out DIR [--tar FILE.tar.gz]');
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

/** Every package directory reachable through dependencies (optional ones when installed). */
function closure() {
  const seen = new Set();
  const queue = [...WORKSPACES.map((w) => join(ROOT, w)), ROOT];
  const wanted = (dir) => {
    const pj = readJson(join(dir, 'package.json'));
    const deps = { ...pj.dependencies, ...pj.optionalDependencies, ...pj.peerDependencies };
    return dir === ROOT ? RUNTIME_EXTRA : Object.keys(deps).filter((n) => !n.startsWith('@decnet/'));
  };
  while (queue.length > 0) {
    const dir = queue.shift();
    for (const name of wanted(dir)) {
      const found = resolvePackage(name, dir);
      if (!found) continue; // an optional dependency for another platform
      if (seen.has(found)) continue;
      seen.add(found);
      queue.push(found);
    }
  }
  return [...seen];
}

const skipTests = (src) => !/\.test\.tsx?$/.test(src) && !src.includes(`${join('src', 'spool', 'testing')}`);

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const w of WORKSPACES) {
  for (const part of ['package.json', 'src', 'bin', 'install.sh', 'scripts/bundle.mjs']) {
    const src = join(ROOT, w, part);
    if (existsSync(src)) cpSync(src, join(out, w, part), { recursive: true, filter: skipTests });
  }
  mkdirSync(join(out, 'node_modules', '@decnet'), { recursive: true });
  symlinkSync(join('..', '..', w), join(out, 'node_modules', '@decnet', w));
}
const packages = closure();
for (const dir of packages) cpSync(dir, join(out, relative(ROOT, dir)), { recursive: true, dereference: false });
writeFileSync(join(out, 'package.json'), JSON.stringify({ name: 'decnet-agent-bundle', private: true, type: 'module', version: readJson(join(ROOT, 'host-agent', 'package.json')).version }, null, 2) + '\n');
console.log(`bundle: ${out} (${packages.length} npm packages)`);
if (values.tar) {
  execFileSync('tar', ['-czf', resolve(values.tar), '-C', out, '.']);
  console.log(`bundle: packed into ${values.tar}`);
}
