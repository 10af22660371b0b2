// The bare node:http ceiling: a server in its own process answering the health JSON with nothing
// else, loaded by the same autocannon settings as the product rows (the read path's 100 %).
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { treeCpuMs } from './ceilings';

const SERVER = `
const http = require('node:http');
const body = JSON.stringify({ status: 'ok', version: '0.1.0' });
http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}).listen(Number(process.argv[1]), '127.0.0.1', () => console.log('ready'));
`;

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** Requests per CPU-second of the server process tree (comparable when other work shares the machine). */
  perCpuS: number;
}

/** autocannon with the bench's settings: 100 connections, no pipelining; `serverPid` for CPU. */
export async function load(url: string, headers: Record<string, string>, durationS: number, serverPid?: number, connections = 100): Promise<LoadResult> {
  const cpu0 = serverPid ? treeCpuMs(serverPid) : 0;
  const r = await autocannon({ url, connections, duration: durationS, headers, pipelining: 1 });
  const cpuS = serverPid ? (treeCpuMs(serverPid) - cpu0) / 1000 : 0;
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx, perCpuS: cpuS > 0 ? r.requests.total / cpuS : 0 };
}

/** A bare node:http server answering the health JSON, in its own process (1 process). */
export async function bareHttpServer(port = 18180): Promise<{ url: string; pid: number; stop(): void }> {
  const proc = spawn(process.execPath, ['-e', SERVER, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((ok, fail) => {
    proc.once('exit', (code) => fail(new Error(`bare server exited (${code})`)));
    proc.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && ok());
  });
  const url = `http://127.0.0.1:${port}/api/v1/health`;
  await load(url, {}, 2); // warm-up
  return { url, pid: proc.pid!, stop: () => proc.kill('SIGTERM') };
}

/** req/s of the bare node:http server (the read path's 100 %). */
export async function bareHttpCeiling(durationS: number, port = 18180): Promise<LoadResult> {
  const s = await bareHttpServer(port);
  try {
    return await load(s.url, {}, durationS, s.pid);
  } finally {
    s.stop();
  }
}
