// Time from `npm start` (dependencies installed, dashboard built) to the dashboard answering with
// the default fleet running, and the dashboard's first-load JavaScript transfer size.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsSizes } from '../dashboard/bundle-size';
import { ensureBuild } from '../dashboard/stack';
import type { BenchRow } from './table';

const ROOT = new URL('../..', import.meta.url).pathname;

export async function benchStartup(): Promise<BenchRow[]> {
  ensureBuild();
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
    const deckies = (out.match(/Deckies \((\d+) running/) ?? [])[1] ?? '?';
    const js = jsSizes();
    const gz = js.reduce((n, s) => n + s.gzipBytes, 0);
    return [
      { name: `npm start -> dashboard ready, default fleet running (${deckies} deckies)`, value: `${readyS.toFixed(1)} s`, target: '< 10 s', met: readyS < 10 },
      { name: 'dashboard first-load JavaScript (gzip)', value: `${(gz / 1024).toFixed(1)} kB in ${js.length} file(s)`, target: '< 300 kB', met: gz < 300 * 1024 },
    ];
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
