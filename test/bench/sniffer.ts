// Sniffer decode rate: every frame of the public capture vectors (test/vectors/ja4) through the
// sniffer's core (link/IP/TCP decode, flow table, TLS/SSH/p0f fingerprints) with every address a
// decky, replayed until ~2 s of CPU have passed, as packets/s of one core; then the live-capture row
// under a SYN flood (sniffer-flood.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCaptureFile, type CapturedFrame } from '../../host-agent/src/workers/sniffer/capture-file';
import { Sniffer } from '../../host-agent/src/workers/sniffer/sniffer';
import { benchSnifferFlood } from './sniffer-flood';
import type { BenchRow } from './table';

const VECTORS = new URL('../vectors/ja4/pcap/', import.meta.url).pathname;

export async function benchSniffer(): Promise<BenchRow[]> {
  const frames: CapturedFrame[] = readdirSync(VECTORS).flatMap((f) => readCaptureFile(readFileSync(join(VECTORS, f))));
  let events = 0;
  // Every destination is "a decky", so every frame takes the full path; the event budget is lifted.
  const sniffer = new Sniffer((ip) => ip, () => void events++, { eventsPerSourcePerSecond: 1e9 });
  let packets = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let round = 0;
  while (performance.now() - t0 < 2000) {
    // Shift time each round so flows are new again (SYNs and hellos fingerprinted each time).
    for (const f of frames) sniffer.onFrame(f.linkType, f.tsMs + round * 1e7, f.data);
    packets += frames.length;
    round++;
  }
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const rate = packets / wallS;
  return [
    {
      name: 'sniffer: decoded packets/s from capture files (one core)',
      value: `${Math.round(rate).toLocaleString('en')} packets/s`,
      target: '>= 200,000 packets/s',
      met: rate >= 200_000,
      note: `${frames.length} frames x ${round} rounds, ${Math.round(packets / cpuS).toLocaleString('en')} per CPU-second, ${events.toLocaleString('en')} events`,
    },
    ...(await benchSnifferFlood()),
  ];
}
