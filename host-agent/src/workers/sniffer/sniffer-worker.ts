// Sniffer worker (inventory §1.4): live capture (libpcap through the optional `pcap` addon) on the
// interfaces the deckies live on, with a BPF filter for decky addresses only, feeding the Sniffer
// core; its fingerprint events go to the spool like every other event and are published on the
// decky's traffic topic. Without the addon or without CAP_NET_RAW it reports degraded with the
// reason and the agent keeps running.
import { deckyTraffic, type ServiceEvent } from '@decnet/protocol';
import type { Worker, WorkerContext, WorkerHealth } from '../worker';
import { bpfFor, type AddressMap } from './decky-addresses';
import { LINK } from './packet';
import { Sniffer, type SnifferLimits } from './sniffer';

/** The part of the `pcap` addon we use (typed here: the package ships no types). */
interface PcapSession {
  link_type: string;
  on(ev: 'packet', cb: (p: { buf: Buffer; header: Buffer }) => void): void;
  stats(): { ps_recv: number; ps_drop: number; ps_ifdrop: number };
  close(): void;
}
interface PcapModule {
  createSession(device: string, o: { filter: string; buffer_size?: number; snap_length?: number; buffer_timeout?: number; promiscuous?: boolean }): PcapSession;
}

const LINK_TYPES: Record<string, number> = {
  LINKTYPE_ETHERNET: LINK.ETHERNET, LINKTYPE_NULL: LINK.NULL, LINKTYPE_RAW: LINK.RAW, LINKTYPE_LINUX_SLL: LINK.LINUX_SLL, LINKTYPE_IPV4: LINK.IPV4, LINKTYPE_IPV6: LINK.IPV6,
};

export interface SnifferBus {
  publish<T>(topic: string, type: string, payload: T): void;
  close(): Promise<void>;
}

export interface SnifferWorkerDeps extends WorkerContext {
  /** Capture interfaces, fixed or re-read on each refresh (docker: topology LAN links come and go). */
  interfaces: string[] | (() => Promise<string[]>);
  addresses(): Promise<AddressMap>;
  sink(events: readonly ServiceEvent[]): Promise<void>;
  openBus?(): SnifferBus;
  limits?: Partial<SnifferLimits>;
  /** How often the decky address set is re-read (the capture filter follows it). */
  refreshMs?: number;
  /** Loads the addon; tests can point it elsewhere. */
  loadPcap?(): Promise<PcapModule>;
}

export class SnifferWorker implements Worker {
  private sniffer: Sniffer | undefined;
  private sessions: Array<{ iface: string; s: PcapSession }> = [];
  private addresses: AddressMap = new Map();
  private filter: string | undefined;
  private ifaces: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private pending: ServiceEvent[] = [];
  private flushing: Promise<void> | undefined;
  private bus: SnifferBus | undefined;
  private pcap: PcapModule | undefined;
  private problem: string | undefined;
  private kernelDrops = 0;
  private sinkErrors = 0;

  constructor(private readonly d: SnifferWorkerDeps) {}

  async start(): Promise<void> {
    try {
      this.pcap = await (this.d.loadPcap ?? defaultLoad)();
    } catch (e) {
      this.problem = `packet capture unavailable (the optional pcap addon did not load: ${(e as Error).message.slice(0, 200)})`;
      this.d.log(`sniffer: ${this.problem}`);
      return;
    }
    this.sniffer = new Sniffer((ip) => this.addresses.get(ip), (e) => this.queue(e), this.d.limits);
    this.bus = this.d.openBus?.();
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch((e: unknown) => this.d.log(`sniffer: ${(e as Error).message}`)), this.d.refreshMs ?? 2000);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.closeSessions();
    await this.flush();
    await this.bus?.close().catch(() => undefined);
  }

  health(): WorkerHealth {
    const c = this.sniffer?.counters;
    const stats = this.sessions.map((x) => safeStats(x.s));
    const counters = {
      packets: c?.packets ?? 0, decoded: c?.decoded ?? 0, events: c?.events ?? 0, droppedByCaps: c?.droppedByCaps ?? 0, flowsEvicted: c?.flowsEvicted ?? 0,
      flows: this.sniffer?.flowCount ?? 0, kernelDrops: this.kernelDrops + stats.reduce((n, s) => n + s.ps_drop + s.ps_ifdrop, 0), captured: stats.reduce((n, s) => n + s.ps_recv, 0), sinkErrors: this.sinkErrors,
    };
    if (this.problem) return { status: 'degraded', message: this.problem, counters };
    return { status: 'ok', message: this.sessions.length ? `capturing on ${this.sessions.map((x) => x.iface).join(', ')}` : 'no decky addresses yet', counters };
  }

  /** Re-reads decky addresses; reopens capture when the filter changes. */
  private async refresh(): Promise<void> {
    this.addresses = await this.d.addresses();
    this.sniffer?.sweep(Date.now());
    const filter = bpfFor(this.addresses.keys());
    const ifaces = typeof this.d.interfaces === 'function' ? await this.d.interfaces() : this.d.interfaces;
    if (filter === this.filter && ifaces.join(',') === this.ifaces.join(',')) return;
    this.filter = filter;
    this.ifaces = ifaces;
    this.closeSessions();
    if (!filter || !this.pcap) return;
    const problems: string[] = [];
    for (const iface of ifaces) {
      try {
        const s = this.pcap.createSession(iface, { filter, buffer_size: 8 * 1024 * 1024, snap_length: 65_535, buffer_timeout: 100, promiscuous: false });
        const link = LINK_TYPES[s.link_type] ?? -1;
        s.on('packet', (p) => {
          const caplen = p.header.readUInt32LE(8);
          const tsMs = p.header.readUInt32LE(0) * 1000 + p.header.readUInt32LE(4) / 1000;
          this.sniffer!.onFrame(link, tsMs, p.buf.subarray(0, Math.min(caplen, p.buf.length)));
        });
        this.sessions.push({ iface, s });
      } catch (e) {
        const msg = (e as Error).message;
        problems.push(`${iface}: ${/permission|not permitted/i.test(msg) ? `${msg} (needs root or CAP_NET_RAW)` : msg}`);
      }
    }
    this.problem = problems.length ? `cannot capture on ${problems.join('; ')}`.slice(0, 500) : undefined;
    if (this.problem) this.d.log(`sniffer: ${this.problem}`);
  }

  private closeSessions(): void {
    for (const { s } of this.sessions) {
      const st = safeStats(s);
      this.kernelDrops += st.ps_drop + st.ps_ifdrop;
      try {
        s.close();
      } catch {
        // already closed
      }
    }
    this.sessions = [];
  }

  private queue(e: ServiceEvent): void {
    this.pending.push(e);
    this.bus?.publish(deckyTraffic(e.decky), `sniffer.${e.eventType}`, e);
    if (this.pending.length > 10_000) this.pending.splice(0, this.pending.length - 10_000);
    this.flushing ??= Promise.resolve().then(() => this.flush()).finally(() => (this.flushing = undefined));
  }

  private async flush(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending.splice(0, 500);
      try {
        await this.d.sink(batch);
      } catch (e) {
        this.sinkErrors++;
        this.d.log(`sniffer: spool append failed: ${(e as Error).message}`);
      }
    }
  }
}

function safeStats(s: PcapSession): { ps_recv: number; ps_drop: number; ps_ifdrop: number } {
  try {
    return s.stats();
  } catch {
    return { ps_recv: 0, ps_drop: 0, ps_ifdrop: 0 };
  }
}

async function defaultLoad(): Promise<PcapModule> {
  const name = 'pcap';
  const m = (await import(name)) as { default?: PcapModule } & PcapModule;
  return m.default ?? m;
}
