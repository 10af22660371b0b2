// RSS of the `npm start` product process after API load, repeated (issue 9: <= 200 MB after load, no
// growth across repeated runs). Starts the product as `npm start` does, then runs N rounds of agent
// ingest over mutual TLS plus autocannon on health and the authenticated lists, and after each round
// reads the product's and the local deckies' RSS once the process is idle again.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstAdminToken } from '../../control-plane/src/testing/first-admin';
import { load, type LoadResult } from './http-ceiling';
import { enroll, ingest, ingestBodies } from './ingest';
import { descendants, mb, rssParts, treeRssBytes, type ProcInfo, stopNpmStart } from './proc-tree';
import type { BenchRow } from './table';

const ROOT = new URL('../..', import.meta.url).pathname;
const MB = 1024 * 1024;
const PORT = 18_620;
const ADMIN_PASSWORD = 'memory-bench-admin-1';
/** Round 1 also stores this many events, so the database outgrows SQLite's page caches (32 MiB) at once. */
const WARM_EVENTS = 60_000;
const ROUND_EVENTS = 20_000;
const LOAD_S = 2;
const PATHS = ['/api/v1/health', '/api/v1/events?limit=100', '/api/v1/attackers?limit=50', '/api/v1/credentials?limit=50', '/api/v1/sessions?limit=50', '/api/v1/stats'];
/**
 * "No growth": the lowest idle RSS of rounds 3..N at most this much above round 2's. Round 1 is
 * warm-up (JIT code, V8 old space sized to the working set, SQLite caches filled). After it V8 still
 * sizes its heap by its own heuristics and runs major GCs when it likes, so one round's RSS can sit
 * tens of MB above the next (a sawtooth, seen here): the minimum of the later rounds is the
 * GC-independent view, since a leak raises every later round and a sawtooth leaves at least one low.
 */
const GROWTH_TOLERANCE = 0.1;
/**
 * Idle window after a round: its minimum RSS is the round's figure. The product runs a full GC once
 * it has been quiet for a second (node-idle-gc.ts); the window starts after that.
 */
const IDLE_WAIT_MS = 4000;
const IDLE_SAMPLES = 8;

/** A decky runner: one decky (`--decky NAME`) or a group of them (`--group ID`). */
const isRunner = (p: ProcInfo) => /runner[/.](main\.ts|mjs)|\/runner\.mjs/.test(p.cmdline) && /--(decky|group) /.test(p.cmdline);
const isProduct = (p: ProcInfo) => /scripts\/start\.ts|dist\/start\.mjs/.test(p.cmdline) && !p.cmdline.includes('bash');

/** The product process (deepest `start` process, with its non-runner children) and the decky runners. */
function measure(npmPid: number): { productRss: number; productPid: number; deckies: number[] } {
  const tree = descendants(npmPid);
  const products = tree.filter(isProduct);
  const product = products.find((p) => !products.some((q) => q.ppid === p.pid));
  if (!product) throw new Error('product process not found under npm start');
  const runners = tree.filter(isRunner);
  const runnerPids = new Set(runners.flatMap((r) => [r.pid, ...descendants(r.pid).map((d) => d.pid)]));
  const productRss = product.rssBytes + descendants(product.pid).filter((d) => !runnerPids.has(d.pid)).reduce((n, d) => n + d.rssBytes, 0);
  return { productRss, productPid: product.pid, deckies: runners.map(treeRssBytes) };
}

async function startProduct(dataDir: string): Promise<{ proc: ChildProcess; out: () => string }> {
  const proc = spawn('npm', ['start', '--', '--port', String(PORT)], {
    cwd: ROOT,
    env: { ...process.env, DECNET_DATA_DIR: dataDir, DECNET_MTLS_PORT: '0', DECNET_SKIP_SYSTEM_PACKAGES: '1', DECNET_ADMIN_PASSWORD: ADMIN_PASSWORD },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`not up after 180 s:\n${out.slice(-2000)}`)), 180_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      // Up, and the IP dataset (a start-up cost of ~50 MB of text parsed in the background) loaded.
      if (out.includes('DECNET-TS is up') && out.includes('"ip dataset ready"')) {
        clearTimeout(timer);
        ok();
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => fail(new Error(`npm start exited (${code}):\n${out.slice(-2000)}`)));
  });
  return { proc, out: () => out };
}

/** RSS while `work` runs (peak, sampled every 250 ms), then the minimum over the idle window after it. */
async function sampled<T>(npmPid: number, work: () => Promise<T>): Promise<{ result: T; peak: number; idle: number; deckies: number[] }> {
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, measure(npmPid).productRss)), 250);
  let result: T;
  try {
    result = await work();
  } finally {
    clearInterval(timer);
  }
  await new Promise((r) => setTimeout(r, IDLE_WAIT_MS));
  let idle = Infinity;
  let deckies: number[] = [];
  for (let i = 0; i < IDLE_SAMPLES; i++) {
    const m = measure(npmPid);
    idle = Math.min(idle, m.productRss);
    deckies = m.deckies;
    await new Promise((r) => setTimeout(r, 250));
  }
  return { result, peak: Math.max(peak, idle), idle, deckies };
}

const sum = (xs: number[]) => xs.reduce((n, x) => n + x, 0);

export async function benchMemory(rounds = 5): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'decnet-memory-'));
  const load0 = loadavg()[0]!;
  const { proc, out } = await startProduct(dataDir);
  const fleet = /Deckies \((\d+) running/.exec(out())?.[1] ?? '?';
  try {
    const url = `http://127.0.0.1:${PORT}`;
    const token = await firstAdminToken(url, ADMIN_PASSWORD, 'memory-bench-admin-2');
    const auth = { authorization: `Bearer ${token}` };
    const agent = await enroll(url, token);
    await new Promise((r) => setTimeout(r, IDLE_WAIT_MS));
    const idle0 = measure(proc.pid!);
    const rows: BenchRow[] = [
      { name: 'RSS of the npm start process, fleet idle, IP dataset loaded, before load', value: mb(idle0.productRss), note: `${fleet} deckies in ${idle0.deckies.length} runner processes: ${mb(sum(idle0.deckies))} in all` },
    ];
    const after: number[] = [];
    let stored = 0;
    for (let round = 1; round <= rounds; round++) {
      const events = ROUND_EVENTS + (round === 1 ? WARM_EVENTS : 0);
      const bodies = ingestBodies(events, stored);
      stored += events;
      const r = await sampled(proc.pid!, async () => {
        const perS = await ingest(agent, bodies, 2);
        const reads: LoadResult[] = [];
        for (const p of PATHS) reads.push(await load(url + p, p.endsWith('/health') ? {} : auth, LOAD_S));
        return { perS, reads };
      });
      after.push(r.idle);
      const requests = sum(r.result.reads.map((l) => l.rps * LOAD_S));
      const bad = sum(r.result.reads.map((l) => l.errors + l.non2xx));
      rows.push({
        name: `round ${round}/${rounds}: RSS of the npm start process after ${events.toLocaleString('en-US')} events ingested + ${PATHS.length} endpoints x ${LOAD_S} s (100 conns)`,
        value: mb(r.idle),
        note: `peak ${mb(r.peak)} during the round; ${Math.round(r.result.perS)} events/s, ${Math.round(requests).toLocaleString('en-US')} requests${bad ? `, ${bad} errors/non-2xx` : ''}; deckies ${mb(sum(r.deckies))} in all (max ${mb(Math.max(0, ...r.deckies))})`,
      });
    }
    const last = after[after.length - 1]!;
    const parts = rssParts(measure(proc.pid!).productPid);
    const base = after[Math.min(1, after.length - 1)]!;
    const later = Math.min(...after.slice(2));
    const load1 = loadavg()[0]!;
    const pct = (x: number) => `${x >= base ? '+' : ''}${((x - base) / MB).toFixed(1)} MB (${(((x - base) / base) * 100).toFixed(1)} %)`;
    rows.push({ name: `RSS of the npm start process after the load benchmark (idle after round ${rounds})`, value: mb(last), target: '<= 200 MB after load', met: last <= 200 * MB, note: `${parts ? `now: files mapped ${mb(parts.file)} (node binary, libraries), malloc heaps ${mb(parts.malloc)} (SQLite caches, native buffers), other anonymous ${mb(parts.anon)} (V8 heaps of every thread, malloc's large blocks, stacks), pcap ring ${mb(parts.socket)}; ` : ''}load average ${load0.toFixed(1)} -> ${load1.toFixed(1)} on ${cpus().length} cores; load generator: autocannon and the ingest client in the bench process (1 core)` });
    rows.push({
      name: `no growth across repeated runs: lowest idle RSS of rounds 3-${after.length} vs round 2`,
      value: after.length < 3 ? 'needs --rounds >= 3' : pct(later),
      target: `no growth (<= +${GROWTH_TOLERANCE * 100} %)`,
      met: after.length >= 3 && later <= base * (1 + GROWTH_TOLERANCE),
      note: `last round vs round 2: ${pct(last)}; per round: ${after.map((b) => (b / MB).toFixed(0)).join(', ')} MB; round 1 is warm-up (JIT, heap sizing, SQLite caches filled by ${WARM_EVENTS.toLocaleString('en-US')} extra events); a round's figure = minimum of ${IDLE_SAMPLES} samples after ${IDLE_WAIT_MS / 1000} s idle`,
    });
    return rows;
  } finally {
    await stopNpmStart(proc, dataDir);
  }
}
