// Time from `npm start` (dependencies installed, dashboard and production build done) to the dashboard
// answering with the default fleet running; RSS of the product process and, once idle, memory per local
// decky (a runner process hosts a group of deckies: its RSS and USS divided by the deckies in it); the
// dashboard's first-load JavaScript transfer size.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localRuntimePaths, readLocalState } from '../../host-agent/src/runtime/local/state-file';
import { jsSizes } from '../dashboard/bundle-size';
import { ensureBuild } from '../dashboard/stack';
import { descendants, mb, privateBytes, treeRssBytes, type ProcInfo, stopNpmStart } from './proc-tree';
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

const isRunner = (p: ProcInfo) => /runner[/.](main\.ts|mjs)|\/runner\.mjs/.test(p.cmdline) && /--(decky|group) /.test(p.cmdline);
const isProduct = (p: ProcInfo) => /scripts\/start\.ts|dist\/start\.mjs/.test(p.cmdline) && !p.cmdline.includes('bash');

interface RunnerMemory {
  pid: number;
  /** The deckies it hosts (from the local runtime's state file; 1 for a single-decky runner). */
  deckies: number;
  rss: number;
  uss: number;
  cmd: string;
}

/** RSS of the product process (the deepest `start` process, with its non-runner children) and of each runner process. */
function measure(npmPid: number, dataDir: string): { product?: { rss: number; cmd: string }; runners: RunnerMemory[] } {
  const tree = descendants(npmPid);
  const runners = tree.filter(isRunner);
  const products = tree.filter(isProduct);
  const deepest = products.find((p) => !products.some((q) => q.ppid === p.pid));
  const runnerPids = new Set(runners.flatMap((r) => [r.pid, ...descendants(r.pid).map((d) => d.pid)]));
  const product = deepest && {
    rss: deepest.rssBytes + descendants(deepest.pid).filter((d) => !runnerPids.has(d.pid)).reduce((n, d) => n + d.rssBytes, 0),
    cmd: deepest.cmdline,
  };
  const state = readLocalState(localRuntimePaths(join(dataDir, 'agent')).state);
  const hosted = (pid: number) => state?.deckies.filter((d) => d.pid === pid && d.state !== 'failed').length ?? 0;
  const out = runners.map((r) => ({ pid: r.pid, deckies: /--decky /.test(r.cmdline) ? 1 : hosted(r.pid), rss: treeRssBytes(r), uss: privateBytes(r.pid), cmd: r.cmdline }));
  return { ...(product && { product }), runners: out.filter((r) => r.deckies > 0) };
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
    const m = measure(proc.pid!, dir);
    const deckies = (out.match(/Deckies \((\d+) running/) ?? [])[1] ?? '?';
    const js = jsSizes();
    const gz = js.reduce((n, s) => n + s.gzipBytes, 0);
    const compiled = !/tsx/.test(m.product?.cmd ?? 'tsx') && m.runners.every((r) => !/tsx/.test(r.cmd));
    const rows: BenchRow[] = [
      { name: 'production build (scripts/build.mjs; no-op when up to date)', value: `${buildS.toFixed(1)} s` },
      { name: `npm start -> dashboard ready, default fleet running (${deckies} deckies)`, value: `${readyS.toFixed(1)} s`, target: '< 10 s', met: readyS < 10, note: compiled ? 'compiled build' : 'runs through tsx' },
      { name: 'RSS of the npm start process, fleet idle', value: m.product ? mb(m.product.rss) : 'not found', note: m.product?.cmd.slice(0, 60) },
    ];
    // Per decky: each runner process's memory shared out over the deckies it hosts.
    const perDecky = m.runners.flatMap((r) => Array.from({ length: r.deckies }, () => ({ rss: r.rss / r.deckies, uss: r.uss / r.deckies })));
    if (perDecky.length > 0) {
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const maxRss = Math.max(...perDecky.map((d) => d.rss));
      const groups = m.runners.map((r) => `${r.deckies} in pid ${r.pid}: ${(r.rss / MB).toFixed(0)} MB RSS, ${(r.uss / MB).toFixed(0)} MB USS`).join('; ');
      rows.push({
        name: `RSS per local decky idle (runner RSS / deckies in it; median of ${perDecky.length})`,
        value: mb(median(perDecky.map((d) => d.rss))),
        target: '<= 40 MB (max)',
        met: maxRss <= 40 * MB,
        note: `${perDecky.length} deckies share ${m.runners.length} runner process(es) (local.deckiesPerRunner): ${groups}; with child processes`,
      });
      rows.push({
        name: 'private memory (USS) per local decky idle (runner USS / deckies in it; median)',
        value: mb(median(perDecky.map((d) => d.uss))),
        note: 'RSS minus the pages shared with every Node process (the node binary); a bare idle `node` has ~40 MB RSS, ~6 MB USS',
      });
    }
    rows.push({ name: 'dashboard first-load JavaScript (gzip)', value: `${(gz / 1024).toFixed(1)} kB in ${js.length} file(s)`, target: '< 300 kB', met: gz < 300 * 1024 });
    return rows;
  } finally {
    await stopNpmStart(proc, dir);
  }
}
