// High-interaction benchmark: three ssh + telnet high-interaction deckies (one real-userland container
// each), memory per decky (all its containers, page cache excluded), the real OpenSSH client's login
// latency (password login + `true`, median and p95 of 20) next to one emulated ssh decky's, and the real
// telnet client's (under expect: login, password, prompt, exit; 10 logins).
// Needs root and a dockerd; uses 10.198.9.0/24 on its own veth (the same as its test: never run both at once).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DeckySpec } from '@decnet/protocol';
import { DockerRuntime } from '../../host-agent/src/runtime/docker/index';
import { ensureHiImage, SSH_OPTS } from '../../scripts/docker/hi-image';
import { ensureDocker, ensureTemplateImage, TEST_IMAGE, vethDown, vethUp } from '../../scripts/docker/test-env';
import type { BenchRow } from './table';

const run = promisify(execFile);
const PREFIX = 'dhib';
const NETWORK = 'decnet_hi_bench';
const PW = 'bench-Pw1';
const HI_DECKIES = 3;
const LOGINS = 20;

const TELNET_LOGINS = 10;

const hiSpec = (i: number): DeckySpec => ({ name: `hib-${i}`, services: ['ssh', 'telnet'], serviceConfig: { ssh: { mode: 'high-interaction', password: PW }, telnet: { mode: 'high-interaction' } } });

const TELNET_LOGIN = ['set timeout 30', 'spawn telnet $env(IP)', 'expect "login: "', 'send "root\\r"', 'expect "Password: "', 'send "$env(PW)\\r"', 'expect "# "', 'send "exit\\r"', 'expect eof'].join('\n');

async function telnetLoginTimes(ip: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < TELNET_LOGINS; i++) {
    const t = performance.now();
    await run('expect', ['-c', TELNET_LOGIN], { timeout: 60_000, env: { ...process.env, IP: ip, PW } });
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b);
}
const EMU: DeckySpec = { name: 'hib-emu', services: ['ssh'], serviceConfig: { ssh: { password: PW, auth_failure_delay_ms: '0' } } };

async function memoryOf(rt: DockerRuntime, decky: string): Promise<number> {
  const list = await rt.docker.listContainers({ filters: { label: [`${PREFIX}.decky=${decky}`] } });
  let sum = 0;
  for (const c of list) {
    const s = (await rt.docker.getContainer(c.Id).stats({ stream: false, 'one-shot': true })).memory_stats as { usage?: number; stats?: Record<string, number> };
    sum += (s.usage ?? 0) - (s.stats?.['total_inactive_file'] ?? s.stats?.['inactive_file'] ?? 0);
  }
  return sum;
}

async function loginTimes(ip: string, user: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < LOGINS; i++) {
    const t = performance.now();
    await run('sshpass', ['-p', PW, 'ssh', ...SSH_OPTS, `${user}@${ip}`, 'true'], { timeout: 60_000 });
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b);
}

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

async function until(cond: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('sshd did not answer');
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function benchHighInteraction(): Promise<BenchRow[]> {
  const skip = process.getuid?.() !== 0 ? 'needs root' : await ensureDocker();
  if (skip) return [{ name: 'high-interaction', value: 'skipped', note: skip }];
  await ensureTemplateImage();
  const buildMs = await ensureHiImage();
  const net = await vethUp(9);
  const dataDir = mkdtempSync(join(tmpdir(), 'decnet-hi-bench-'));
  const rt = new DockerRuntime({ network: { name: NETWORK, parent: net.parent, subnet: net.subnet, ipRange: '10.198.9.128/26' }, image: TEST_IMAGE, dataDir, labelPrefix: PREFIX, namePrefix: 'dhib-', stackPersonality: false } as ConstructorParameters<typeof DockerRuntime>[0]);
  try {
    const specs = [...Array.from({ length: HI_DECKIES }, (_, i) => hiSpec(i)), EMU];
    const t0 = Date.now();
    await rt.apply(specs);
    const applyMs = Date.now() - t0;
    const bad = rt.report().filter((r) => r.state !== 'running');
    if (bad.length > 0) throw new Error(`not running: ${JSON.stringify(bad)}`);
    const ipOf = async (d: string) => (await run('docker', ['inspect', '-f', `{{(index .NetworkSettings.Networks "${NETWORK}").IPAddress}}`, `dhib-${d}`])).stdout.trim();
    const hiIp = await ipOf(hiSpec(0).name);
    const emuIp = await ipOf(EMU.name);
    await until(async () => (await run('sshpass', ['-p', PW, 'ssh', ...SSH_OPTS, `root@${hiIp}`, 'true'], { timeout: 30_000 }).then(() => true, () => false)), 120_000);
    const hi = await loginTimes(hiIp, 'root');
    const emu = await loginTimes(emuIp, 'root');
    const tel = await telnetLoginTimes(hiIp);
    const mem = await Promise.all(specs.map((s) => memoryOf(rt, s.name)));
    const hiMem = mem.slice(0, HI_DECKIES);
    const mib = (b: number) => `${(b / 1048576).toFixed(1)} MiB`;
    return [
      { name: 'high-interaction: memory per decky', value: mib(hiMem.reduce((a, b) => a + b, 0) / HI_DECKIES), note: `${HI_DECKIES} ssh + telnet deckies (base + idle services + OpenSSH/telnetd container); emulated ssh decky: ${mib(mem[HI_DECKIES]!)}` },
      { name: 'high-interaction: login latency', value: `median ${pct(hi, 0.5).toFixed(0)} ms, p95 ${pct(hi, 0.95).toFixed(0)} ms`, note: `real OpenSSH client, password login + exec true, ${LOGINS} logins; emulated ssh: median ${pct(emu, 0.5).toFixed(0)} ms, p95 ${pct(emu, 0.95).toFixed(0)} ms` },
      { name: 'high-interaction: telnet login latency', value: `median ${pct(tel, 0.5).toFixed(0)} ms, p95 ${pct(tel, 0.95).toFixed(0)} ms`, note: `real telnet client under expect: login, password, prompt, exit; ${TELNET_LOGINS} logins` },
      { name: 'high-interaction: deploy', value: `${applyMs} ms`, note: `${HI_DECKIES} high-interaction + 1 emulated decky; image build/refresh ${buildMs} ms` },
    ];
  } finally {
    await rt.teardown().catch(() => undefined);
    await rt.close();
    await vethDown(net);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
