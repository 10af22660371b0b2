// Time from `npm start` (dependencies installed, dashboard and production build done) to the dashboard
// answering with the default fleet running; RSS of the product process and of each local decky
// runner once idle; the dashboard's first-load JavaScript transfer size.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsSizes } from '../dashboard/bundle-size';
import { ensureBuild } from '../dashboard/stack';
import { descendants, mb, privateBytes, treeRssBytes, type ProcInfo } from './proc-tree';
import type { BenchRow } from './table';

const ROOT = new URL('../..', import.meta.url).pathname;
const IDLE_SETTLE_MS = 5000;
const MB = 1024 * 1024;

/** Runs the production build (a no-op when it is up to date); returns its duration in seconds. */
function productionBuild(): number {
  if (!existsSync(join(ROOT, 'scripts/build.mjs'))) return 0;
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
  return (performance.now() - t0) / 1000;
}

const isRunner = (p: ProcInfo) => /runner[/.](main\.ts|mjs)|\/runner\.mjs/.test(p.cmdline) && p.cmdline.includes('--decky');
const isProduct = (p: ProcInfo) => /scripts\/start\.ts|dist\/start\.mjs/.test(p.cmdline) && !p.cmdline.includes('bash');

/** RSS of the product process (the deepest `start` process, with its non-runner children) and of each runner. */
function measure(npmPid: number): { product?: { rss: number; cmd: string }; deckies: { name: string; rss: number; uss: number; cmd: string }[] } {
  const tree = descendants(npmPid);
  const runners = tree.filter(isRunner);
  const products = tree.filter(isProduct);
  const deepest = products.find((p) => !products.some((q) => q.ppid === p.pid));
  const runnerPids = new Set(runners.flatMap((r) => [r.pid, ...descendants(r.pid).map((d) => d.pid)]));
  const product = deepest && {
    rss: deepest.rssBytes + descendants(deepest.pid).filter((d) => !runnerPids.has(d.pid)).reduce((n, d) => n + d.rssBytes, 0),
    cmd: deepest.cmdline,
  };
  const deckies = runners.map((r) => ({ name: /--decky (\S+)/.exec(r.cmdline)?.[1] ?? String(r.pid), rss: treeRssBytes(r), uss: privateBytes(r.pid), cmd: r.cmdline }));
  return { ...(product && { product }), deckies };
}

export async function benchStartup(): Promise<BenchRow[]> {
  ensureBuild();
  const buildS = productionBuild();
  const dir = mkdtempSync(join(tmpdir(), 'decnet-startup-'));
  const port = 18_600;
  const t0 = performance.now();
  const proc = spawn('npm', ['start', '--', '--port', String(port)], {
    cwd: ROOT,
    env: { ...process.env, DECNET_DATA_DIR: dir, DECNET_MTLS_PORT: '0', DECNET_SKIP_SYSTEM_PACKAGES: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  try {
    const readyS = await new Promise<number>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`not ready after 120 s:\n${out.slice(-2000)}`)), 120_000);
      let probing = false;
      proc.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (probing || !out.includes('DECNET-TS is up')) return;
        probing = true;
        // The fleet is running; ready means the dashboard page itself is served.
        void (async () => {
          for (;;) {
            const page = await fetch(`http://127.0.0.1:${port}/`).then((r) => (r.ok ? r.text() : ''), () => '');
            if (page.includes('<script')) break;
            await new Promise((r) => setTimeout(r, 50));
          }
          clearTimeout(timer);
          ok((performance.now() - t0) / 1000);
        })();
      });
      proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
      proc.once('exit', (code) => fail(new Error(`npm start exited (${code}):\n${out.slice(-2000)}`)));
    });
    await new Promise((r) => setTimeout(r, IDLE_SETTLE_MS));
    const m = measure(proc.pid!);
    const deckies = (out.match(/Deckies \((\d+) running/) ?? [])[1] ?? '?';
    const js = jsSizes();
    const gz = js.reduce((n, s) => n + s.gzipBytes, 0);
    const sorted = [...m.deckies].sort((a, b) => a.rss - b.rss);
    const median = sorted[Math.floor(sorted.length / 2)];
    const compiled = !/tsx/.test(m.product?.cmd ?? 'tsx') && sorted.every((d) => !/tsx/.test(d.cmd));
    const rows: BenchRow[] = [
      { name: 'production build (scripts/build.mjs; no-op when up to date)', value: `${buildS.toFixed(1)} s` },
      { name: `npm start -> dashboard ready, default fleet running (${deckies} deckies)`, value: `${readyS.toFixed(1)} s`, target: '< 10 s', met: readyS < 10, note: compiled ? 'compiled build' : 'runs through tsx' },
      { name: 'RSS of the npm start process, fleet idle', value: m.product ? mb(m.product.rss) : 'not found', note: m.product?.cmd.slice(0, 60) },
    ];
    if (median) {
      const max = sorted[sorted.length - 1]!;
      const ussMedian = [...sorted].sort((a, b) => a.uss - b.uss)[Math.floor(sorted.length / 2)]!.uss;
      rows.push({
        name: `RSS of one local decky idle (median of ${sorted.length})`,
        value: mb(median.rss),
        target: '<= 40 MB (max)',
        met: max.rss <= 40 * MB,
        note: `${sorted.map((d) => `${d.name} ${(d.rss / MB).toFixed(0)}`).join(', ')}; with its child processes`,
      });
      rows.push({
        name: 'private memory (USS) of one local decky idle (median)',
        value: mb(ussMedian),
        note: 'RSS minus the pages shared with every Node process (the node binary); a bare idle `node` has ~40 MB RSS, ~6 MB USS',
      });
    }
    rows.push({ name: 'dashboard first-load JavaScript (gzip)', value: `${(gz / 1024).toFixed(1)} kB in ${js.length} file(s)`, target: '< 300 kB', met: gz < 300 * 1024 });
    return rows;
  } finally {
    try {
      process.kill(-proc.pid!, 'SIGINT');
    } catch {
      // already gone
    }
    await new Promise((r) => setTimeout(r, 3000));
    rmSync(dir, { recursive: true, force: true });
  }
}
