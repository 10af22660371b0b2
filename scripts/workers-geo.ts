// `npm run workers:geo`: loads the country/ASN dataset the Node runtime uses (the installed
// ip-location-db packages) into a D1 database's range tables, for enrichment on Workers: writes
// chunked SQL files, then runs `wrangler d1 execute --file` on each (--local or --remote).
// `--sql-only` only writes the files (e.g. for a libSQL/Turso database: run them with its shell).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { IP_DATASET_FILES } from '../control-plane/src/services/enrichment/dataset';
import { buildGeoTables } from '../control-plane/src/services/enrichment/geo-ranges';
import { geoSqlFiles } from '../control-plane/src/services/enrichment/geo-sql';

const USAGE = 'usage: npm run workers:geo -- (--local | --remote | --sql-only) [--database decnet] [--config wrangler.toml] [--persist-to DIR] [--out DIR] [--file-mb 8]';

const { values } = parseArgs({
  options: {
    local: { type: 'boolean', default: false },
    remote: { type: 'boolean', default: false },
    'sql-only': { type: 'boolean', default: false },
    database: { type: 'string', default: 'decnet' },
    config: { type: 'string' },
    'persist-to': { type: 'string' },
    out: { type: 'string', default: '.data/workers-geo' },
    'file-mb': { type: 'string', default: '8' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const modes = [values.local, values.remote, values['sql-only']].filter(Boolean).length;
const fileMb = Number(values['file-mb']);
if (modes !== 1 || !(fileMb > 0 && fileMb <= 100)) {
  console.error(`choose exactly one of --local, --remote, --sql-only (and --file-mb between 0 and 100)\n${USAGE}`);
  process.exit(2);
}

const root = resolve(import.meta.dirname, '..');
// Resolved from the control plane, as its Node entry resolves them.
const require = createRequire(join(root, 'control-plane/package.json'));
const read = (spec: string) => readFileSync(require.resolve(spec), 'utf8');
const ver = (spec: string) => {
  const p = JSON.parse(read(spec)) as { name?: string; version?: string };
  return `${p.name ?? '?'}@${p.version ?? '?'}`;
};
const F = IP_DATASET_FILES;
let t = performance.now();
const tables = buildGeoTables({
  version: `${ver(F.asnPackage)} ${ver(F.countryPackage)}`,
  asnV4Num: read(F.asnV4Num),
  asnV6: read(F.asnV6),
  countryV4Num: read(F.countryV4Num),
  countryV6: read(F.countryV6),
});
const files = geoSqlFiles(tables, { loadedAtMs: Date.now(), maxFileBytes: Math.floor(fileMb * 1_000_000) });
const out = resolve(values.out!);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const paths = files.map((text, i) => {
  const p = join(out, `geo-${String(i + 1).padStart(3, '0')}.sql`);
  writeFileSync(p, text);
  return p;
});
console.log(`${tables.version}: ${tables.v4.length} IPv4 and ${tables.v6.length} IPv6 ranges, ${tables.orgs.size} organisations`);
console.log(`wrote ${paths.length} SQL files to ${out} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
if (values['sql-only']) {
  console.log('run them in order; the last one marks the dataset loaded only when every row arrived');
  process.exit(0);
}

const wrangler = join(root, 'node_modules/.bin/wrangler');
const where = [values.local ? '--local' : '--remote', ...(values.config ? ['--config', values.config] : []), ...(values['persist-to'] ? ['--persist-to', values['persist-to']] : [])];
const run = (args: string[]) => {
  const r = spawnSync(wrangler, ['d1', 'execute', values.database!, ...where, '--yes', ...args], { encoding: 'utf8', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' }, maxBuffer: 64 << 20 });
  if (r.status !== 0) {
    console.error(`wrangler d1 execute ${args.join(' ')} failed (${r.status}):\n${r.stdout}${r.stderr}`);
    process.exit(1);
  }
  return r.stdout;
};
t = performance.now();
paths.forEach((p, i) => {
  run(['--file', p]);
  console.log(`  ${i + 1}/${paths.length} ${p}`);
});
const check = run(['--json', '--command', 'SELECT version, v4_rows, v6_rows FROM geo_dataset WHERE id = 1']);
const loaded = (JSON.parse(check) as { results?: { version: string }[] }[])[0]?.results?.[0];
if (!loaded) {
  console.error('the dataset row is missing: some rows did not arrive; run the command again');
  process.exit(1);
}
console.log(`loaded ${loaded.version} into D1 "${values.database}" in ${((performance.now() - t) / 1000).toFixed(1)} s; the cron backfills addresses stored before`);
