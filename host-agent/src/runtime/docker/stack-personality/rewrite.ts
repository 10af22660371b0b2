// Rewrites one decky's queued packets into its OS family's shape (families.ts): SYN-ACK options,
// window, MSS, IP ID, DF; RST acknowledgment; ICMP echo code/DF and error quoting. Egress packets are
// rewritten, ingress SYNs and echo requests only remembered (their MSS and DF). Pure, per-decky state.
import type { StackPersonality } from './families';
import {
  dfOf, encodeOptions, fixChecksums, parseIpv4, parseOptions, parseTcp, PROTO_ICMP, PROTO_TCP, setDf, setIpId,
  TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, withOptions, type Ipv4, type OptionToken, type TcpOptions,
} from './packet';

/** Remembered peers are bounded: a flood of SYNs from many sources cannot grow the agent's memory. */
const MAX_REMEMBERED = 4096;

export type Verdict = { accept: true; packet?: Buffer } | { accept: false };

/** The SYN-ACK option order of a family, given what the kernel negotiated (nmap O1-O6 and ECN O). */
export function layoutTokens(layout: StackPersonality['layout'], o: TcpOptions): OptionToken[] | undefined {
  if (layout === 'kernel') return undefined;
  const t: OptionToken[] = ['M'];
  if (layout === 'hp') {
    // JetDirect: M N W N N T (no SACK), e.g. M576NW0NNT11.
    if (o.wscale !== undefined) t.push('N', 'W');
    if (o.ts) t.push('N', 'N', 'T');
    return t;
  }
  if (o.wscale !== undefined) t.push('N', 'W');
  if (o.ts) t.push(...(o.sackOk ? (['S'] as const) : (['N', 'N'] as const)), 'T');
  else if (o.sackOk) t.push(...(layout === 'windows' ? (['N', 'N', 'S'] as const) : (['S'] as const))); // bsd pads with EOL
  return t;
}

class Bounded<V> {
  private readonly m = new Map<string, V>();
  set(k: string, v: V): void {
    this.m.delete(k);
    this.m.set(k, v);
    if (this.m.size > MAX_REMEMBERED) this.m.delete(this.m.keys().next().value!);
  }
  get(k: string): V | undefined {
    return this.m.get(k);
  }
}

export class Rewriter {
  private sharedId: number;
  private icmpId: number;
  private readonly peerMss = new Bounded<number>();
  private readonly echoDf = new Bounded<boolean>();
  /** Windows T2/T3 probes pointed at port 0: the probed port per peer port, to answer from it. */
  private readonly redirected = new Bounded<number>();
  /** The last SYN or FIN|PSH|URG probe per peer port (rstFromProbe families). */
  private readonly probes = new Bounded<{ seq: number; ack: number; fin: boolean }>();
  private readonly tsClock: TimestampClock;
  /** Packets seen and rewritten, for the bench and `status`. */
  readonly counts = { seen: 0, rewritten: 0 };

  constructor(
    readonly personality: StackPersonality,
    private readonly addresses: ReadonlySet<string>,
    private readonly random: () => number = Math.random,
  ) {
    this.sharedId = Math.floor(random() * 0x10000);
    this.tsClock = new TimestampClock(random);
    this.icmpId = Math.floor(random() * 0x10000);
  }

  handle(packet: Buffer): Verdict {
    this.counts.seen++;
    const ip = parseIpv4(packet);
    if (!ip) return { accept: true };
    if (this.addresses.has(ip.dst) && !this.addresses.has(ip.src)) {
      const probe = this.personality.answerT2T3 ? this.redirectProbe(packet, ip) : undefined;
      if (probe) return { accept: true, packet: probe };
      this.remember(packet, ip);
      return { accept: true };
    }
    if (!this.addresses.has(ip.src)) return { accept: true }; // not this decky's: never touched
    const out = ip.protocol === PROTO_TCP ? this.tcp(packet, ip) : ip.protocol === PROTO_ICMP ? this.icmp(packet, ip) : undefined;
    if (!out) return { accept: true };
    fixChecksums(out);
    this.counts.rewritten++;
    return { accept: true, packet: out };
  }

  private remember(p: Buffer, ip: Ipv4): void {
    if (ip.protocol === PROTO_TCP) {
      const tcp = parseTcp(p, ip);
      if (!tcp) return;
      const key = `${ip.src}:${tcp.srcPort}`;
      if ((tcp.flags & (TCP_SYN | TCP_ACK)) === TCP_SYN) this.peerMss.set(key, parseOptions(p, tcp).mss ?? 536);
      if (this.personality.rstFromProbe && (tcp.flags & TCP_ACK) === 0) this.probes.set(key, { seq: tcp.seq, ack: tcp.ack, fin: (tcp.flags & TCP_FIN) !== 0 });
    } else if (ip.protocol === PROTO_ICMP && ip.totalLength - ip.ihl >= 8 && p[ip.ihl] === 8) {
      this.echoDf.set(`${ip.src}:${p.readUInt32BE(ip.ihl + 4)}`, dfOf(p));
    }
  }

  /**
   * A segment without flags (nmap T2) or with SYN and FIN (T3): Linux drops it at a listening socket,
   * Windows answers RST|ACK as from a closed port. Port 0 never listens, so the kernel answers it so.
   */
  private redirectProbe(p: Buffer, ip: Ipv4): Buffer | undefined {
    const tcp = parseTcp(p, ip);
    if (!tcp || tcp.dstPort === 0) return undefined;
    const flags = tcp.flags & (TCP_FIN | TCP_SYN | TCP_RST | TCP_ACK);
    if (flags !== 0 && flags !== (TCP_SYN | TCP_FIN)) return undefined;
    this.redirected.set(`${ip.src}:${tcp.srcPort}`, tcp.dstPort);
    const out = Buffer.from(p.subarray(0, ip.totalLength));
    out.writeUInt16BE(0, tcp.off + 2);
    fixChecksums(out);
    return out;
  }

  private nextTcpId(rst: boolean): number | undefined {
    const mode = (rst ? this.personality.rstIpId : undefined) ?? this.personality.tcpIpId;
    if (mode === 'zero') return 0;
    if (mode === 'random') return Math.floor(this.random() * 0x10000);
    if (mode === 'shared') return (this.sharedId = (this.sharedId + 1) & 0xffff);
    return undefined;
  }

  private nextIcmpId(): number | undefined {
    const mode = this.personality.icmpIpId;
    if (mode === 'shared') return (this.sharedId = (this.sharedId + 1) & 0xffff);
    if (mode === 'random-incremental') {
      // nmap "RI": steps above 1,000 (and below 20,000), not multiples of 256.
      let step = 1001 + Math.floor(this.random() * 8000);
      if (step % 256 === 0) step++;
      return (this.icmpId = (this.icmpId + step) & 0xffff);
    }
    return undefined;
  }

  private tcp(p: Buffer, ip: Ipv4): Buffer | undefined {
    const tcp = parseTcp(p, ip);
    if (!tcp) return undefined;
    const per = this.personality;
    const synAck = (tcp.flags & (TCP_SYN | TCP_ACK)) === (TCP_SYN | TCP_ACK);
    const rst = (tcp.flags & TCP_RST) !== 0;
    if (!synAck && !rst) return undefined;
    let out: Buffer = Buffer.from(p.subarray(0, ip.totalLength));
    if (rst && tcp.srcPort === 0) {
      const port = this.redirected.get(`${ip.dst}:${tcp.dstPort}`);
      if (port !== undefined) out.writeUInt16BE(port, tcp.off);
    }
    if (synAck) {
      const o = parseOptions(out, tcp);
      const kernelMss = o.mss;
      if (per.mss === 'min-peer' && o.mss !== undefined) o.mss = Math.min(o.mss, this.peerMss.get(`${ip.dst}:${tcp.dstPort}`) ?? o.mss);
      if (per.mssCap !== undefined && o.mss !== undefined) o.mss = Math.min(o.mss, per.mssCap);
      const tsScaled = per.tsHz !== undefined && o.ts !== undefined;
      if (tsScaled) o.ts!.val = this.tsClock.scale(ip.dst, o.ts!.val, per.tsHz!);
      const tokens = layoutTokens(per.layout, o);
      if (tokens) out = withOptions(out, ip, tcp, encodeOptions(tokens, o));
      else if (o.mss !== kernelMss || tsScaled) out = withOptions(out, ip, tcp, encodeOptions(kernelTokens(out, tcp.off, tcp.dataOffset), o));
      const w = o.wscale === undefined && per.synAckWindowUnscaled !== undefined ? per.synAckWindowUnscaled : synAckWindow(per.synAckWindow, o, tcp.window);
      if (w !== undefined) out.writeUInt16BE(w, tcp.off + 14);
    } else if (per.bareRstAckNonZero && (tcp.flags & TCP_ACK) === 0 && tcp.ack === 0) {
      out.writeUInt32BE((Math.floor(this.random() * 0xfffffffe) + 1) >>> 0, tcp.off + 8);
    } else if (per.rstFromProbe && (tcp.flags & TCP_ACK) !== 0 && tcp.seq === 0) {
      // The kernel answers a probe without ACK with seq 0; IOS takes the probe's ack field (S=A).
      const probe = this.probes.get(`${ip.dst}:${tcp.dstPort}`);
      if (probe) {
        out.writeUInt32BE(probe.ack >>> 0, tcp.off + 4);
        if (probe.fin && tcp.ack === ((probe.seq + 1) >>> 0)) out.writeUInt32BE(probe.seq >>> 0, tcp.off + 8); // A=S, not S+
      }
    }
    const id = this.nextTcpId(rst && !synAck);
    if (id !== undefined) setIpId(out, id);
    if (per.tcpDf !== undefined) setDf(out, per.tcpDf);
    return out;
  }

  private icmp(p: Buffer, ip: Ipv4): Buffer | undefined {
    if (ip.totalLength - ip.ihl < 8) return undefined;
    const per = this.personality;
    const type = p[ip.ihl]!;
    let out: Buffer;
    if (type === 0) {
      out = Buffer.from(p.subarray(0, ip.totalLength));
      if (per.echoCodeZero) out[ip.ihl + 1] = 0;
      if (per.echoDfMirror) {
        const df = this.echoDf.get(`${ip.dst}:${p.readUInt32BE(ip.ihl + 4)}`);
        if (df !== undefined) setDf(out, df);
      }
    } else if (type === 3) {
      const quoted = parseQuotedIhl(p, ip.ihl + 8);
      const keep = per.unreachQuoteBytes === undefined || quoted === undefined ? ip.totalLength : Math.min(ip.totalLength, ip.ihl + 8 + quoted + per.unreachQuoteBytes);
      out = Buffer.from(p.subarray(0, keep));
      out.writeUInt16BE(keep, 2);
      if (per.unreachQuoteMangle && quoted !== undefined) mangleQuote(out, ip.ihl + 8, quoted, per.unreachQuoteMangle);
    } else {
      return undefined;
    }
    const id = this.nextIcmpId();
    if (id !== undefined) setIpId(out, id);
    return out;
  }
}

/**
 * The SYN-ACK timestamp clock of a row (nmap SEQ TS), over the kernel's one 1 kHz clock (tcp_timestamps=2):
 * per peer, f(t) = (t0 - off) + (t - t0) * hz / 1000, with a random offset `off` per peer (2^22..2^29 ms)
 * so no decky shows the host's uptime and two deckies never share a clock (detectability D9).
 * f(t) <= t - off, so the kernel's own later TSvals on the connection only move forward (the peer's PAWS
 * check, RFC 7323 §5, accepts them) and an echo of f(t) is too old to be taken as an RTT sample; re-based
 * every 2^30 ms (a forward jump) so t - f(t) stays far below 2^31 in modular order. Rows using it turn
 * syncookies off: a cookie's TSval carries its options in the low bits, which this would scramble.
 */
class TimestampClock {
  private readonly peers = new Bounded<{ t0: number; start: number; off: number }>();
  constructor(private readonly random: () => number) {}
  scale(peer: string, t: number, hz: number): number {
    let s = this.peers.get(peer);
    if (!s) this.peers.set(peer, (s = { t0: t, start: 0, off: 2 ** 22 + Math.floor(this.random() * (2 ** 29 - 2 ** 22)) }));
    if (s.start === 0 || ((t - s.t0) >>> 0) >= 2 ** 30) Object.assign(s, { t0: t, start: (t - s.off) >>> 0 || 1 });
    return (s.start + Math.floor((((t - s.t0) >>> 0) * hz) / 1000)) >>> 0;
  }
}

/** The SYN-ACK window a row announces (undefined: the kernel's). */
function synAckWindow(spec: StackPersonality['synAckWindow'], o: TcpOptions, kernelWindow: number): number | undefined {
  if (spec === undefined || typeof spec === 'number') return spec;
  // Linux before 4.19: N segments of the MSS less the timestamp option; never above the kernel's window.
  return Math.min(kernelWindow, spec.mssMultiple * ((o.mss ?? 536) - (o.ts ? 12 : 0)));
}

/** The quoted IP/UDP header of a port unreachable as some stacks return it (nmap RID, RIPCK, RUCK). */
function mangleQuote(out: Buffer, at: number, ihl: number, m: NonNullable<StackPersonality['unreachQuoteMangle']>): void {
  if (out.length < at + ihl) return;
  if (m.swapId) out.writeUInt16BE(out.readUInt16LE(at + 4), at + 4);
  if (m.zeroIpChecksum) out.writeUInt16BE(0, at + 10);
  if (m.zeroUdpChecksum && out[at + 9] === 17 && out.length >= at + ihl + 8) out.writeUInt16BE(0, at + ihl + 6);
}

function parseQuotedIhl(p: Buffer, at: number): number | undefined {
  if (p.length < at + 20 || p[at]! >> 4 !== 4) return undefined;
  return (p[at]! & 0x0f) * 4;
}

/** The kernel's own option order as tokens (to rewrite an MSS value in place). */
function kernelTokens(p: Buffer, off: number, dataOffset: number): OptionToken[] {
  const t: OptionToken[] = [];
  let i = off + 20;
  while (i < off + dataOffset) {
    const kind = p[i]!;
    if (kind === 0 || kind === 1) {
      t.push(kind === 0 ? 'L' : 'N');
      i++;
      continue;
    }
    const len = p[i + 1] ?? 0;
    if (len < 2) break;
    const tok = ({ 2: 'M', 3: 'W', 4: 'S', 8: 'T' } as Record<number, OptionToken>)[kind];
    if (tok) t.push(tok);
    i += len;
  }
  return t;
}
