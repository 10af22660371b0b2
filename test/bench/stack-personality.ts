// Stack personality benchmark: the cost of the NFQUEUE relay + TypeScript rewriter on a Windows decky.
// Added connect latency (sequential connects, relay on vs off), and CPU at 1,000 new connections/s
// (agent process and relay, from a separate client process). Needs root and dockerd; 10.198.11.0/24.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DeckySpec } from '@decnet/protocol';
import { DockerRuntime } from '../../host-agent/src/runtime/docker/index';
import { ensureDocker, ensureTemplateImage, TEST_IMAGE, vethDown, vethUp } from '../../scripts/docker/test-env';
import type { BenchRow } from './table';

const run = promisify(execFile);
const NET_INDEX = 11;
const DECKY: DeckySpec = { name: 'bench-sp-win', archetype: 'windows-workstation', services: ['smb'], serviceConfig: {} };
const PORT = 445;
const SEQUENTIAL = 1500;
const RATE_PER_S = 1000;
const LOAD_S = 5;

function connectMs(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = process.hrtime.bigint();
    const s = connect({ host, port: PORT }, () => {
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      s.destroy();
      resolve(ms);
    });
    s.setTimeout(3000, () => (s.destroy(), reject(new Error('connect timeout'))));
    s.on('error', reject);
  });
}

async function latency(host: string): Promise<{ p50: number; p99: number; mean: number }> {
  const xs: number[] = [];
  for (let i = 0; i < SEQUENTIAL; i++) xs.push(await connectMs(host));
  xs.sort((a, b) => a - b);
  return { p50: xs[Math.floor(xs.length / 2)]!, p99: xs[Math.floor(xs.length * 0.99)]!, mean: xs.reduce((a, b) => a + b, 0) / xs.length };
}

// The load runs in its own process so this process's CPU is the agent side only (rewriter + pipe).
const LOAD_SCRIPT = `
const net = require('node:net');
const [host, port, rate, secs] = process.argv.slice(1).map((v, i) => i ? Number(v) : v);
let ok = 0, failed = 0, started = 0;
const perTick = rate / 100;
const end = Date.now() + secs * 1000;
const t = setInterval(() => {
  if (Date.now() >= end) { clearInterval(t); setTimeout(() => { console.log(JSON.stringify({ ok, failed, started })); process.exit(0); }, 1500); return; }
  for (let i = 0; i < perTick; i++) {
    started++;
    const s = net.connect({ host, port }, () => { ok++; s.destroy(); });
    s.setTimeout(3000, () => { failed++; s.destroy(); });
    s.on('error', () => { failed++; });
  }
}, 10);
`;

async function cpuTicks(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11] ?? 0) + Number(f[12] ?? 0); // utime + stime, clock ticks (100/s)
}

async function relayPid(): Promise<number | undefined> {
  const out = (await run('pgrep', ['-f', 'decnet-nfq-relay-']).catch(() => ({ stdout: '' }))).stdout.trim().split('\n').filter(Boolean);
  return out.length > 0 ? Number(out.at(-1)) : undefined;
}

async function load(host: string): Promise<{ agentCpuPct: number; relayCpuPct: number; ok: number; failed: number; rate: number }> {
  const relay = await relayPid();
  const r0 = relay ? await cpuTicks(relay) : 0;
  const c0 = process.cpuUsage();
  const t0 = Date.now();
  const child = spawn(process.execPath, ['-e', LOAD_SCRIPT, host, String(PORT), String(RATE_PER_S), String(LOAD_S)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((resolve) => child.once('close', resolve));
  const wallMs = Date.now() - t0;
  const c = process.cpuUsage(c0);
  const r1 = relay ? await cpuTicks(relay) : 0;
  const res = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { ok: number; failed: number; started: number };
  return { agentCpuPct: ((c.user + c.system) / 1000 / wallMs) * 100, relayCpuPct: ((r1 - r0) * 10 / wallMs) * 100, ok: res.ok, failed: res.failed, rate: res.started / LOAD_S };
}

export async function benchStackPersonality(): Promise<BenchRow[]> {
  if (process.getuid?.() !== 0) return [{ name: 'stack personality', value: 'skipped', note: 'needs root' }];
  const skip = await ensureDocker();
  if (skip) return [{ name: 'stack personality', value: 'skipped', note: skip }];
  await ensureTemplateImage();
  const net = await vethUp(NET_INDEX);
  const dataDir = mkdtempSync(join(tmpdir(), 'decnet-bench-sp-'));
  const rt = new DockerRuntime({ network: { name: 'decnet_bench_sp', parent: net.parent, subnet: net.subnet, ipRange: `10.198.${NET_INDEX}.64/26` }, image: TEST_IMAGE, dataDir, labelPrefix: 'decnet-bench-sp' });
  try {
    await rt.apply([DECKY]);
    const host = (await run('docker', ['inspect', '-f', '{{(index .NetworkSettings.Networks "decnet_bench_sp").IPAddress}}', `decnet-${DECKY.name}`])).stdout.trim();
    const end = Date.now() + 120_000;
    while (await connectMs(host).then(() => false, () => true)) {
      if (Date.now() > end) throw new Error('the decky never listened');
      await new Promise((r) => setTimeout(r, 200));
    }
    const on = await latency(host);
    const onLoad = await load(host);
    const rewritten = rt.personality?.status()[0]?.rewritten ?? 0;
    await rt.personality?.stopAll(); // rules stay, --queue-bypass: the kernel's own path
    const off = await latency(host);
    const offLoad = await load(host);
    const f = (x: number): string => x.toFixed(3);
    return [
      { name: 'stack personality: connect latency added (mean)', value: `${f(on.mean - off.mean)} ms`, note: `relay on p50 ${f(on.p50)} / p99 ${f(on.p99)} ms, off p50 ${f(off.p50)} / p99 ${f(off.p99)} ms; ${SEQUENTIAL} sequential connects each` },
      { name: `stack personality: CPU at ${RATE_PER_S} new conn/s`, value: `agent ${onLoad.agentCpuPct.toFixed(1)} % + relay ${onLoad.relayCpuPct.toFixed(1)} % of a core`, note: `achieved ${onLoad.rate.toFixed(0)} conn/s (off: ${offLoad.rate.toFixed(0)}); without the relay: agent ${offLoad.agentCpuPct.toFixed(1)} %; ${onLoad.ok} ok / ${onLoad.failed} failed connects in ${LOAD_S} s (off: ${offLoad.ok} / ${offLoad.failed}); ${rewritten} packets rewritten` },
    ];
  } finally {
    await rt.teardown().catch(() => undefined);
    await rt.close();
    await vethDown(net);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
