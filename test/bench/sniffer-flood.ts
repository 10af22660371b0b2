// Sniffer live capture under a SYN flood: the real SnifferWorker (libpcap on lo, BPF filter for one
// decky address) while two `nping` processes (nmap's packet generator) send 20,000 SYN/s in all to
// that address; the kernel answers each with a RST, so the worker sees about twice that. Reports what
// libpcap captured and dropped (kernel drops from pcap stats), what the worker decoded, its event cap
// drops and the worker's CPU (this process does nothing else meanwhile). Needs root, pcap and nping.
import { execFileSync, spawn } from 'node:child_process';
import { SnifferWorker } from '../../host-agent/src/workers/sniffer/sniffer-worker';
import type { BenchRow } from './table';

const DECKY = '127.78.0.9';
const RATE_PER_PROCESS = 10_000;

export async function benchSnifferFlood(seconds = 5): Promise<BenchRow[]> {
  const name = 'sniffer: live capture under a 20,000 SYN/s flood';
  const why = process.getuid?.() !== 0 ? 'needs root' : !hasNping() ? 'nping (Debian nmap) missing' : undefined;
  if (why) return [{ name, value: 'skipped', note: why }];
  let events = 0;
  const worker = new SnifferWorker({
    name: 'sniffer', fail: (e) => { throw e; }, log: () => undefined, interfaces: ['lo'], refreshMs: 600_000,
    addresses: async () => new Map([[DECKY, 'flood-decky']]), sink: async (b) => void (events += b.length),
  });
  await worker.start();
  if (worker.health().status !== 'ok') return [{ name, value: 'skipped', note: worker.health().message }];
  const count = RATE_PER_PROCESS * seconds;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all([1, 2].map((i) => new Promise<void>((ok) => {
    const p = spawn('nping', ['--tcp', '-p', String(8000 + i), '--flags', 'syn', '--rate', String(RATE_PER_PROCESS), '-c', String(count), '--no-capture', '-q', DECKY], { stdio: 'ignore' });
    p.on('exit', () => ok());
    p.on('error', () => ok());
  })));
  await new Promise((r) => setTimeout(r, 300)); // the last buffered frames (buffer_timeout 100 ms)
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const c = worker.health().counters ?? {};
  const h = { packets: c.packets ?? 0, decoded: c.decoded ?? 0, events: c.events ?? 0, droppedByCaps: c.droppedByCaps ?? 0, captured: c.captured ?? 0, kernelDrops: c.kernelDrops ?? 0 };
  await worker.stop();
  const sent = count * 2;
  const captured = h.captured;
  const drops = h.kernelDrops;
  return [{
    name,
    value: `${Math.round(h.packets / wallS).toLocaleString('en')} packets/s decoded, ${drops.toLocaleString('en')} kernel drops`,
    target: 'no kernel drops at 20,000 SYN/s offered',
    met: drops === 0 && h.packets >= sent,
    note: `${sent.toLocaleString('en')} SYNs sent in ${wallS.toFixed(1)} s (${Math.round(sent / wallS).toLocaleString('en')}/s offered; the RSTs double it), pcap ps_recv ${captured.toLocaleString('en')}, worker decoded ${h.decoded.toLocaleString('en')}, ${h.events.toLocaleString('en')} events (${events.toLocaleString('en')} spooled), ${h.droppedByCaps.toLocaleString('en')} dropped by the per-source cap (nping repeats one SYN per process, same port and sequence: the flow table takes the repeats as copies); worker CPU ${Math.round(((cpu.user + cpu.system) / 1e6 / wallS) * 100)}% of one core`,
  }];
}

function hasNping(): boolean {
  try {
    execFileSync('nping', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
