// The sniffer's core, no I/O: frames in, fingerprint events out, for traffic to and from decky
// addresses only. Per flow (client address:port to decky address:port) it keeps the SYN time, the
// client's first bytes (bounded) until a TLS ClientHello or an SSH KEXINIT is complete, and the
// handshake timing (JA4L), and the server's first flight until its TLS 1.2 Certificate is complete. A
// bounded flow table with idle expiry and a per-source event budget keep memory and output bounded.
import { formatRfc5424, parseDecnetLine, randomEventId, serviceEventFromRecord, type ServiceEvent } from '@decnet/protocol';
import { icmp6Leak, leakFacts, type Ipv6Leak } from './ipv6-leak';
import { decodeFrame, TCP, type TcpSegment } from './packet';
import { p0fGuess } from './p0f';
import { hassh, parseSshStart } from './ssh-kex';
import { MAX_SERVER_FLIGHT_BYTES, parseServerFlight } from './tls-certificate';
import { ja3, ja4, parseClientHello, tlsVersionText } from './tls-hello';
import { certInfo } from './x509-info';

export interface SnifferLimits {
  maxFlows: number;
  flowIdleMs: number;
  /** Client bytes kept per flow while waiting for a complete ClientHello / KEXINIT. */
  maxFlowBytes: number;
  /** Events per source address per second (token bucket, burst = 2 x rate). */
  eventsPerSourcePerSecond: number;
  maxTrackedSources: number;
}

export const DEFAULT_SNIFFER_LIMITS: SnifferLimits = { maxFlows: 65_536, flowIdleMs: 120_000, maxFlowBytes: 16_384, eventsPerSourcePerSecond: 20, maxTrackedSources: 16_384 };

export interface SnifferCounters {
  packets: number;
  decoded: number;
  notDecky: number;
  events: number;
  droppedByCaps: number;
  flowsEvicted: number;
  /** Server flights that chose TLS 1.3: their certificates are encrypted (RFC 8446 §4.4.2), nothing to report. */
  tls13Certificates: number;
}

/** Certificates of one chain reported at most (leaf first). */
const MAX_CHAIN_EVENTS = 4;
/** A SYN of a known flow with the same sequence number within this long is a copy of the first. */
const SYN_COPY_MS = 60_000;
/** One leaking IPv6 address is reported again for the same decky after this long. */
const LEAK_REPEAT_MS = 3_600_000;

interface Flow {
  decky: string;
  client: string;
  clientPort: number;
  deckyPort: number;
  lastMs: number;
  synMs?: number;
  synSeq?: number;
  synAckMs?: number;
  /** Next expected sequence number of each side: a copy of a segment (retransmitted, or captured again
   *  on a second interface, e.g. a topology DMZ and the inner LAN behind its forwarder) is not used twice. */
  cSeq?: number;
  sSeq?: number;
  timed: boolean;
  buf?: Uint8Array;
  done: boolean;
  /** The server's first bytes while waiting for its Certificate message. */
  sbuf?: Uint8Array;
  sdone: boolean;
}

interface Budget {
  tokens: number;
  atMs: number;
}

export class Sniffer {
  readonly counters: SnifferCounters = { packets: 0, decoded: 0, notDecky: 0, events: 0, droppedByCaps: 0, flowsEvicted: 0, tls13Certificates: 0 };
  private readonly flows = new Map<string, Flow>();
  private readonly budgets = new Map<string, Budget>();
  private readonly leaks = new Map<string, number>();
  private readonly limits: SnifferLimits;

  constructor(
    /** The decky name owning an address, or undefined for anything else. */
    private readonly deckyOf: (ip: string) => string | undefined,
    private readonly emit: (e: ServiceEvent) => void,
    limits: Partial<SnifferLimits> = {},
  ) {
    this.limits = { ...DEFAULT_SNIFFER_LIMITS, ...limits };
  }

  get flowCount(): number {
    return this.flows.size;
  }

  onFrame(linkType: number, tsMs: number, frame: Uint8Array): void {
    this.counters.packets++;
    const s = decodeFrame(linkType, frame);
    if (!s) return this.nonTcp(linkType, tsMs, frame);
    this.counters.decoded++;
    const toDecky = this.deckyOf(s.dst);
    if (toDecky !== undefined) return this.fromClient(s, toDecky, tsMs);
    const fromDecky = this.deckyOf(s.src);
    if (fromDecky !== undefined) return this.fromDecky(s, tsMs);
    this.counters.notDecky++;
  }

  /** Drops flows idle past the limit (call every few seconds). */
  sweep(nowMs: number): void {
    for (const [k, f] of this.flows) if (nowMs - f.lastMs > this.limits.flowIdleMs) this.flows.delete(k);
    for (const [k, b] of this.budgets) if (nowMs - b.atMs > 60_000) this.budgets.delete(k);
    for (const [k, at] of this.leaks) if (nowMs - at > LEAK_REPEAT_MS) this.leaks.delete(k);
  }

  private nonTcp(linkType: number, tsMs: number, frame: Uint8Array): void {
    const leak = icmp6Leak(linkType, frame, (ip) => this.deckyOf(ip) !== undefined);
    if (!leak) return;
    this.counters.decoded++;
    this.leak(leak, this.deckyOf(leak.target)!, 0, tsMs);
  }

  private leak(l: Ipv6Leak, decky: string, srcPort: number, tsMs: number): void {
    const key = `${l.address}|${decky}`;
    const at = this.leaks.get(key);
    if (at !== undefined && tsMs - at < LEAK_REPEAT_MS) return;
    const facts = leakFacts(l.address);
    if (!facts) return;
    if (this.leaks.size >= this.limits.maxTrackedSources) {
      const oldest = this.leaks.keys().next().value;
      if (oldest !== undefined) this.leaks.delete(oldest);
    }
    this.leaks.delete(key);
    this.leaks.set(key, tsMs);
    this.event(decky, l.address, srcPort, tsMs, 'ipv6_link_local_leak', {
      scope: facts.scope, iid: facts.iid, eui64: String(facts.eui64), mac: facts.mac, oui: facts.oui, seen_in: l.seenIn, target: l.target, eth_src: l.ethSrc ?? '',
    });
  }

  private fromClient(s: TcpSegment, decky: string, tsMs: number): void {
    const key = `${s.src}|${s.sport}|${s.dst}|${s.dport}`;
    const syn = (s.flags & TCP.SYN) !== 0 && (s.flags & TCP.ACK) === 0;
    let flow = this.flows.get(key);
    if (syn && flow?.synSeq === s.seq && tsMs - (flow.synMs ?? 0) < SYN_COPY_MS) {
      flow.lastMs = tsMs; // the same SYN again (retransmitted, or seen on a second link): nothing new
      return;
    }
    if (syn) {
      const g = p0fGuess(s);
      this.event(decky, s.src, s.sport, tsMs, 'tcp_syn_fingerprint', {
        dst_port: String(s.dport), signature: g.signature, os_guess: g.os ?? 'unknown', os_class: g.osClass ?? '', os_match: g.os ? (g.fuzzy ? 'fuzzy' : g.generic ? 'generic' : 'exact') : 'none',
        ttl: String(s.ttl), distance: String(g.distance), window: String(s.window),
      });
      flow = { decky, client: s.src, clientPort: s.sport, deckyPort: s.dport, lastMs: tsMs, synMs: tsMs, synSeq: s.seq, cSeq: (s.seq + 1) >>> 0, timed: false, done: false, sdone: false };
      this.put(key, flow);
      if (s.ipVersion === 6) this.leak({ address: s.src, seenIn: 'tcp', target: s.dst }, decky, s.sport, tsMs);
      return;
    }
    if (!flow) {
      // Mid-stream (the capture started late): fingerprint what the payload still allows.
      if (s.payload.length === 0) return;
      flow = { decky, client: s.src, clientPort: s.sport, deckyPort: s.dport, lastMs: tsMs, timed: true, done: false, sdone: false };
      this.put(key, flow);
      if (s.ipVersion === 6) this.leak({ address: s.src, seenIn: 'tcp', target: s.dst }, decky, s.sport, tsMs);
    }
    flow.lastMs = tsMs;
    if (!flow.timed && flow.synAckMs !== undefined && s.flags & TCP.ACK) {
      // JA4L (FoxIO): the client's leg of the handshake, SYN-ACK to ACK, and its TTL.
      flow.timed = true;
      const us = Math.max(0, Math.round((tsMs - flow.synAckMs) * 1000));
      this.event(decky, s.src, s.sport, tsMs, 'tcp_flow_timing', { dst_port: String(s.dport), ja4l_c: `${us}_${s.ttl}`, rtt_us: String(us), ttl: String(s.ttl) });
    }
    if (flow.done || s.payload.length === 0 || !inOrder(flow, 'cSeq', s)) return;
    this.collect(flow, s, tsMs);
  }

  private fromDecky(s: TcpSegment, tsMs: number): void {
    const flow = this.flows.get(`${s.dst}|${s.dport}|${s.src}|${s.sport}`);
    if (!flow) return;
    flow.lastMs = tsMs;
    if (s.flags & TCP.SYN && s.flags & TCP.ACK && flow.synAckMs === undefined) {
      flow.synAckMs = tsMs;
      flow.sSeq = (s.seq + 1) >>> 0;
    }
    if (!flow.sdone && s.payload.length > 0 && inOrder(flow, 'sSeq', s)) this.collectServer(flow, s, tsMs);
  }

  /** The decky's TLS 1.2 Certificate message: one tls_certificate event per certificate of the chain. */
  private collectServer(flow: Flow, s: TcpSegment, tsMs: number): void {
    const prev = flow.sbuf ?? new Uint8Array(0);
    const next = new Uint8Array(prev.length + Math.min(MAX_SERVER_FLIGHT_BYTES - prev.length, s.payload.length));
    next.set(prev);
    next.set(s.payload.subarray(0, next.length - prev.length), prev.length);
    flow.sbuf = next;
    const r = parseServerFlight(next);
    if (r.kind === 'more' && next.length < MAX_SERVER_FLIGHT_BYTES) return;
    flow.sdone = true;
    flow.sbuf = undefined;
    if (r.kind === 'tls13') this.counters.tls13Certificates++;
    if (r.kind !== 'certs') return;
    const chain = r.certs.slice(0, MAX_CHAIN_EVENTS);
    chain.forEach((der, i) => {
      const c = certInfo(der);
      if (!c) return;
      this.event(flow.decky, flow.client, flow.clientPort, tsMs, 'tls_certificate', {
        dst_port: String(flow.deckyPort), tls_version: r.version === 0x0303 ? 'TLSv1.2' : r.version === 0x0302 ? 'TLSv1.1' : r.version === 0x0301 ? 'TLSv1.0' : `0x${r.version.toString(16)}`,
        chain_position: String(i), chain_length: String(r.certs.length), subject: c.subject, issuer: c.issuer, serial: c.serial,
        not_before: c.notBefore, not_after: c.notAfter, cert_sha256: c.sha256, sans: c.sans, ja4x: c.ja4x,
      });
    });
  }

  private collect(flow: Flow, s: TcpSegment, tsMs: number): void {
    const prev = flow.buf ?? new Uint8Array(0);
    const room = this.limits.maxFlowBytes - prev.length;
    const next = new Uint8Array(prev.length + Math.min(room, s.payload.length));
    next.set(prev);
    next.set(s.payload.subarray(0, next.length - prev.length), prev.length);
    flow.buf = next;
    const tls = parseClientHello(next);
    if (tls.kind === 'hello') {
      const h = tls.hello;
      const j3 = ja3(h);
      const j4 = ja4(h);
      this.event(flow.decky, flow.client, flow.clientPort, tsMs, 'tls_client_hello', {
        dst_port: String(flow.deckyPort), ja3: j3.hash, ja3_string: j3.text, ja4: j4.ja4, ja4_r: j4.raw, tls_version: tlsVersionText(h), sni: h.sni ?? '', alpn: h.alpn.join(','),
      });
      if (h.sessionIdLength > 0 || h.ticket || h.psk || h.earlyData) {
        this.event(flow.decky, flow.client, flow.clientPort, tsMs, 'tls_session', {
          dst_port: String(flow.deckyPort), resumption: h.ticket || h.psk ? 'ticket' : 'session_id', session_id_len: String(h.sessionIdLength), psk: String(h.psk), early_data: String(h.earlyData),
        });
      }
      return this.finish(flow);
    }
    const ssh = tls.kind === 'not_tls' ? parseSshStart(next) : { kind: 'more' as const };
    if (ssh.kind === 'kex') {
      const hs = hassh(ssh.kex);
      this.event(flow.decky, flow.client, flow.clientPort, tsMs, 'ssh_client_banner', { dst_port: String(flow.deckyPort), client_banner: ssh.kex.banner, hassh: hs.hassh, hassh_algorithms: hs.algorithms });
      return this.finish(flow);
    }
    if ((tls.kind === 'not_tls' && ssh.kind === 'not_ssh') || next.length >= this.limits.maxFlowBytes) this.finish(flow);
  }

  private finish(flow: Flow): void {
    flow.done = true;
    flow.buf = undefined;
  }

  private put(key: string, flow: Flow): void {
    if (this.flows.size >= this.limits.maxFlows) {
      const oldest = this.flows.keys().next().value;
      if (oldest !== undefined) this.flows.delete(oldest);
      this.counters.flowsEvicted++;
    }
    this.flows.delete(key);
    this.flows.set(key, flow);
  }

  private event(decky: string, src: string, srcPort: number, tsMs: number, msgid: string, fields: Record<string, string>): void {
    if (!this.take(src, tsMs)) {
      this.counters.droppedByCaps++;
      return;
    }
    const line = formatRfc5424({ hostname: decky, appName: 'sniffer', msgid, timestamp: new Date(tsMs), params: { src_ip: src, src_port: String(srcPort), ...fields } });
    const r = parseDecnetLine(line);
    if (r.kind !== 'record') return;
    this.counters.events++;
    this.emit(serviceEventFromRecord(r.record, randomEventId()));
  }

  private take(src: string, nowMs: number): boolean {
    const rate = this.limits.eventsPerSourcePerSecond;
    let b = this.budgets.get(src);
    if (!b) {
      if (this.budgets.size >= this.limits.maxTrackedSources) {
        const oldest = this.budgets.keys().next().value;
        if (oldest !== undefined) this.budgets.delete(oldest);
      }
      b = { tokens: rate * 2, atMs: nowMs };
      this.budgets.set(src, b);
    }
    b.tokens = Math.min(rate * 2, b.tokens + ((nowMs - b.atMs) / 1000) * rate);
    b.atMs = nowMs;
    if (b.tokens < 1) return false;
    b.tokens--;
    return true;
  }
}

/** True for the next segment of that side (taking it: the expectation moves past it); false for a copy or a gap. */
function inOrder(flow: Flow, side: 'cSeq' | 'sSeq', s: TcpSegment): boolean {
  const want = flow[side];
  if (want !== undefined && s.seq !== want) return false;
  flow[side] = (s.seq + s.payload.length) >>> 0;
  return true;
}
