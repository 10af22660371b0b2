// The rewriter on packet bytes: Linux-shaped SYN-ACKs for nmap's six SEQ probes and its ECN probe come
// out with the options, MSS and window of the fingerprint each family row quotes (parsed from the row's
// own `print`), IP IDs follow the row's sequence class, checksums verify, ICMP is shaped as quoted.
import { describe, expect, it } from 'vitest';
import { STACK_PERSONALITIES, type StackPersonality } from './families';
import { checksumsValid, dfOf, fixChecksums, ipId, nmapOps, parseIpv4, parseTcp, TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN, TCP_URG, type TcpOptions } from './packet';
import { Rewriter } from './rewrite';
import { linuxSynAckOptions, NMAP_PROBES, tcpPacket, icmpPacket, wscaleFromRmem } from './test-packets';

const DECKY = '10.198.7.70';
const SCANNER = '10.198.7.1';

/** Test `name` of the row's print, e.g. field('OPS', 'O3') -> 'M5B4NW8NNT11'. */
function field(p: StackPersonality, test: string, key: string): string | undefined {
  const line = p.print.find((l) => l.startsWith(`${test}(`));
  return line ? new RegExp(`[(%]${key}=([^%)]*)`).exec(line)?.[1] : undefined;
}

/** What the netns kernel negotiates for a probe under the row's sysctls and route window (Linux 6.x rules). */
function kernelView(p: StackPersonality, probe: TcpOptions): TcpOptions {
  const on = (k: string, dflt: string): boolean => (p.sysctls[`net.ipv4.${k}`] ?? dflt) !== '0';
  const clamp = p.routeWindow === undefined ? 14 : Math.max(0, Math.floor(Math.log2(p.routeWindow)) - 15);
  return {
    mss: 1460,
    ...(on('tcp_window_scaling', '1') && probe.wscale !== undefined && { wscale: Math.min(clamp, wscaleFromRmem(p.sysctls['net.ipv4.tcp_rmem'])) }),
    sackOk: on('tcp_sack', '1') && probe.sackOk,
    ...(on('tcp_timestamps', '1') && probe.ts && { ts: { val: 0x1234567, ecr: probe.ts.val } }),
  };
}

const rows = Object.values(STACK_PERSONALITIES);

/** Linux 4.19+'s SYN-ACK window with tcp_rmem[1] = 128 KiB: the most segments under 64 KiB. */
const kernelWindow = (o: TcpOptions): number => {
  const seg = (o.mss ?? 536) - (o.ts ? 12 : 0);
  return Math.floor(0xffff / seg) * seg;
};

/** A seeded generator (mulberry32): random IP IDs are classified the same way on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('stack personality rewriter', () => {
  it.each(rows.map((r) => [r.profile, r] as const))('%s: SYN-ACKs to the SEQ and ECN probes match the quoted OPS, WIN and ECN', (_f, row) => {
    const rw = new Rewriter(row, new Set([DECKY]));
    NMAP_PROBES.forEach((probe, i) => {
      const sport = 40000 + i;
      // The scanner's SYN first (remembered for MSS echo), then the kernel's SYN-ACK.
      rw.handle(tcpPacket({ src: SCANNER, dst: DECKY, sport, dport: 80, flags: TCP_SYN, options: linuxSynAckOptions(probe.options, probe.order) }));
      const view = kernelView(row, probe.options);
      const synAck = tcpPacket({ src: DECKY, dst: SCANNER, sport: 80, dport: sport, flags: TCP_SYN | TCP_ACK, window: kernelWindow(view), options: linuxSynAckOptions(view), df: true, id: 0 });
      const v = rw.handle(synAck);
      expect(v.accept).toBe(true);
      const out = (v.accept && v.packet) || synAck;
      expect(checksumsValid(out)).toBe(true);
      const ip = parseIpv4(out)!;
      const tcp = parseTcp(out, ip)!;
      const [test, oKey, wKey] = probe.name === 'ECN' ? ['ECN', 'O', 'W'] : ['OPS', `O${i + 1}`, `W${i + 1}`];
      expect(nmapOps(out, tcp), `${row.family} ${probe.name}`).toBe(field(row, test, oKey));
      const w = field(row, test === 'ECN' ? 'ECN' : 'WIN', wKey);
      expect(tcp.window.toString(16).toUpperCase(), `${row.family} ${probe.name} window`).toBe(w);
      if (field(row, 'ECN', 'DF') === 'N') expect(dfOf(out)).toBe(false);
    });
  });

  it.each(rows.map((r) => [r.profile, r] as const))('%s: IP IDs of SYN-ACKs, RSTs and echo replies follow the quoted TI/CI/II/SS', (_f, row) => {
    const rw = new Rewriter(row, new Set([DECKY]), seeded(17));
    const ids = (mk: (n: number) => Buffer, n = 6): number[] =>
      Array.from({ length: n }, (_, k) => {
        const v = rw.handle(mk(k));
        return ipId((v.accept && v.packet) || mk(k));
      });
    const ti = ids((k) => tcpPacket({ src: DECKY, dst: SCANNER, sport: 80, dport: 40000 + k, flags: TCP_SYN | TCP_ACK, options: linuxSynAckOptions({ mss: 1460, sackOk: false }), df: true, id: 0 }));
    const ci = ids((k) => tcpPacket({ src: DECKY, dst: SCANNER, sport: 81, dport: 41000 + k, flags: TCP_RST | TCP_ACK, df: true, id: 0 }), 3);
    const ii = ids((k) => icmpPacket({ src: DECKY, dst: SCANNER, type: 0, code: 9, rest: 0x1000 + k, id: 0 }), 2);
    const cls = (xs: number[]): string => {
      if (xs.every((x) => x === 0)) return 'Z';
      const d = xs.slice(1).map((x, k) => (x - xs[k]! + 0x10000) % 0x10000);
      if (d.every((x) => x < 10)) return 'I';
      if (d.some((x) => x >= 20000)) return 'RD';
      if (d.some((x) => x > 1000 && x < 20000 && x % 256 !== 0)) return 'RI';
      return 'other';
    };
    const seq = field(row, 'SEQ', 'TI');
    if (seq && row.tcpIpId !== 'kernel') expect(cls(ti)).toBe(seq);
    if (field(row, 'SEQ', 'CI') && row.tcpIpId !== 'kernel') expect(cls(ci)).toBe(field(row, 'SEQ', 'CI'));
    if (field(row, 'SEQ', 'II') && row.icmpIpId !== 'kernel') expect(cls(ii)).toBe(field(row, 'SEQ', 'II'));
    if (field(row, 'SEQ', 'SS') === 'S') expect((ii[0]! - ci.at(-1)! + 0x10000) % 0x10000).toBeLessThan(10);
  });

  it('Windows: echo replies answer with code 0 (IE CD=Z); a RST without ACK has a non-zero acknowledgment (A=O)', () => {
    const rw = new Rewriter(STACK_PERSONALITIES['windows-10-1607'], new Set([DECKY]));
    const v = rw.handle(icmpPacket({ src: DECKY, dst: SCANNER, type: 0, code: 9, rest: 0x42, id: 7 }));
    expect(v.accept && v.packet && v.packet[21]).toBe(0);
    expect(checksumsValid((v.accept && v.packet) || Buffer.alloc(0))).toBe(true);
    const rst = rw.handle(tcpPacket({ src: DECKY, dst: SCANNER, sport: 80, dport: 5555, flags: TCP_RST, seq: 99, ack: 0, df: true, id: 0 }));
    const out = (rst.accept && rst.packet) || Buffer.alloc(0);
    expect(parseTcp(out, parseIpv4(out)!)!.ack).not.toBe(0);
    expect(parseTcp(out, parseIpv4(out)!)!.seq).toBe(99);
  });

  it('BSD: echo replies carry the request DF (DFI=S); port unreachables quote 8 bytes past the IP header (IPL=38)', () => {
    const rw = new Rewriter(STACK_PERSONALITIES['freebsd-11'], new Set([DECKY]));
    for (const df of [true, false]) {
      rw.handle(icmpPacket({ src: SCANNER, dst: DECKY, type: 8, code: 9, rest: df ? 0x100 : 0x101, df, id: 1 }));
      const v = rw.handle(icmpPacket({ src: DECKY, dst: SCANNER, type: 0, code: 9, rest: df ? 0x100 : 0x101, df: false, id: 0 }));
      expect(dfOf((v.accept && v.packet) || Buffer.alloc(0))).toBe(df);
    }
    const probe = Buffer.concat([Buffer.alloc(8), Buffer.alloc(300, 0x43)]); // UDP header + 300 bytes
    const quoted = icmpPacket({ src: SCANNER, dst: DECKY, type: 17, code: 0, rest: 0, id: 9, payload: probe, proto: 17 });
    const unreach = icmpPacket({ src: DECKY, dst: SCANNER, type: 3, code: 3, rest: 0, id: 0, payload: quoted.subarray(0, 20 + 8 + 120) });
    const v = rw.handle(unreach);
    const out = (v.accept && v.packet) || Buffer.alloc(0);
    expect(out.length).toBe(0x38);
    expect(out.readUInt16BE(2)).toBe(0x38);
    expect(checksumsValid(out)).toBe(true);
  });

  it('HP printer: port unreachables quote 8 bytes with the IP ID byte-swapped and both checksums zero (RID=4210, RIPCK=Z, RUCK=0)', () => {
    const rw = new Rewriter(STACK_PERSONALITIES['printer-hp-laserjet'], new Set([DECKY]));
    const udp = Buffer.alloc(8 + 300, 0x43);
    udp.writeUInt16BE(0xbeef, 6); // the probe's UDP checksum
    const quoted = icmpPacket({ src: SCANNER, dst: DECKY, type: 17, code: 0, rest: 0, id: 0x1042, payload: udp, proto: 17 });
    const v = rw.handle(icmpPacket({ src: DECKY, dst: SCANNER, type: 3, code: 3, rest: 0, id: 0, payload: quoted.subarray(0, 20 + 8 + 120) }));
    const out = (v.accept && v.packet) || Buffer.alloc(0);
    expect(out.length).toBe(0x38);
    expect(out.readUInt16BE(28 + 4).toString(16)).toBe('4210');
    expect(out.readUInt16BE(28 + 10)).toBe(0);
    expect(out.readUInt16BE(28 + 20 + 6)).toBe(0);
    expect(checksumsValid(out)).toBe(true);
  });

  it('HP printer: SYN-ACK timestamps tick at 2 Hz per peer (nmap TS=1), behind the kernel\'s clock by a per-peer offset, monotonic across the 32-bit wrap', () => {
    const rw = new Rewriter(STACK_PERSONALITIES['printer-hp-laserjet'], new Set([DECKY]));
    const tsOut = (t: number, dst = SCANNER): number => {
      const p = tcpPacket({ src: DECKY, dst, sport: 21, dport: 4000, flags: TCP_SYN | TCP_ACK, options: linuxSynAckOptions({ mss: 1460, wscale: 0, sackOk: false, ts: { val: t, ecr: 7 } }), df: false });
      const v = rw.handle(p);
      const out = (v.accept && v.packet) || p;
      const o = out.subarray(20 + 20, 20 + ((out[32]! >> 4) * 4));
      const at = o.indexOf(8);
      return o.readUInt32BE(at + 2);
    };
    // Six probes 100 ms apart on the kernel's 1 kHz clock: 0.5 s, one 2 Hz tick.
    const start = 0xfffff000;
    const seen = Array.from({ length: 6 }, (_, k) => tsOut((start + k * 100) >>> 0));
    // Behind the kernel's clock by the peer's random offset (2^22..2^29 ms): no host uptime shown.
    const behind = (start - seen[0]!) >>> 0;
    expect(behind).toBeGreaterThanOrEqual(2 ** 22);
    expect(behind).toBeLessThan(2 ** 29);
    expect(((seen[5]! - seen[0]!) >>> 0)).toBe(1);
    // Across the wrap and an hour later: still behind the kernel's clock, by far less than 2^31.
    for (const t of [(start + 0x2000) >>> 0, (start + 3_600_000) >>> 0]) {
      const f = tsOut(t);
      expect((t - f) >>> 0).toBeLessThan(2 ** 31);
      expect((f - seen[5]!) >>> 0).toBeLessThan(2 ** 31); // moved forward
    }
    // Another peer has its own offset.
    const other = (12345 - tsOut(12345, '10.198.7.2')) >>> 0;
    expect(other).toBeGreaterThanOrEqual(2 ** 22);
    expect(other).not.toBe(behind);
  });

  it('Linux 3.10: the SYN-ACK window is 10 segments, never above the kernel\'s own', () => {
    const rw = new Rewriter(STACK_PERSONALITIES['linux-3.10'], new Set([DECKY]));
    const win = (window: number, mss: number): number => {
      const p = tcpPacket({ src: DECKY, dst: SCANNER, sport: 22, dport: 4000, flags: TCP_SYN | TCP_ACK, window, options: linuxSynAckOptions({ mss, sackOk: true }), df: true });
      const v = rw.handle(p);
      const out = (v.accept && v.packet) || p;
      return parseTcp(out, parseIpv4(out)!)!.window;
    };
    expect(win(0xfaf0, 1460)).toBe(14600);
    expect(win(0xfaf0, 536)).toBe(5360);
    expect(win(9000, 1460)).toBe(9000);
  });

  it('Windows 10 1709: null and SYN|FIN probes go to port 0 (the kernel answers RST|ACK there), the answer leaves from the probed port', () => {
    const rw = new Rewriter(STACK_PERSONALITIES['windows-10-1709'], new Set([DECKY]));
    for (const flags of [0, TCP_SYN | TCP_FIN | TCP_PSH | TCP_URG]) {
      const probe = tcpPacket({ src: SCANNER, dst: DECKY, sport: 45000 + flags, dport: 445, flags, seq: 0x5000 });
      const v = rw.handle(probe);
      const fwd = (v.accept && v.packet) || Buffer.alloc(0);
      expect(parseTcp(fwd, parseIpv4(fwd)!)!.dstPort).toBe(0);
      expect(checksumsValid(fwd)).toBe(true);
      // Linux's answer from the closed port 0: RST|ACK, seq 0, ack = seq (+2 for SYN and FIN).
      const rst = tcpPacket({ src: DECKY, dst: SCANNER, sport: 0, dport: 45000 + flags, flags: TCP_RST | TCP_ACK, seq: 0, ack: 0x5000 + (flags ? 2 : 0), df: true });
      const a = rw.handle(rst);
      const out = (a.accept && a.packet) || Buffer.alloc(0);
      expect(parseTcp(out, parseIpv4(out)!)!.srcPort).toBe(445);
      expect(checksumsValid(out)).toBe(true);
    }
    // Real traffic (SYN, ACK, FIN|ACK) is never redirected.
    for (const flags of [TCP_SYN, TCP_ACK, TCP_FIN | TCP_ACK]) {
      const v = rw.handle(tcpPacket({ src: SCANNER, dst: DECKY, sport: 46000, dport: 445, flags }));
      expect(v).toEqual({ accept: true });
    }
  });

  it('Cisco: RSTs to SYN and FIN|PSH|URG probes take the probe ack as sequence (T5/T7 S=A), a FIN is not counted (T7 A=S)', () => {
    const rw = new Rewriter(STACK_PERSONALITIES['cisco-ios-15'], new Set([DECKY]));
    for (const [flags, ackWanted] of [[TCP_SYN, 0x1001], [TCP_FIN | TCP_PSH | TCP_URG, 0x1000]] as const) {
      rw.handle(tcpPacket({ src: SCANNER, dst: DECKY, sport: 50000 + flags, dport: 1, flags, seq: 0x1000, ack: 0xabcdef }));
      const v = rw.handle(tcpPacket({ src: DECKY, dst: SCANNER, sport: 1, dport: 50000 + flags, flags: TCP_RST | TCP_ACK, seq: 0, ack: 0x1001, df: true }));
      const out = (v.accept && v.packet) || Buffer.alloc(0);
      const tcp = parseTcp(out, parseIpv4(out)!)!;
      expect([tcp.seq, tcp.ack]).toEqual([0xabcdef, ackWanted]);
      expect(dfOf(out)).toBe(false);
      expect(checksumsValid(out)).toBe(true);
    }
  });

  it('packets of other addresses pass untouched; hostile bytes never throw', () => {
    const rw = new Rewriter(STACK_PERSONALITIES['windows-10-1607'], new Set([DECKY]));
    const other = tcpPacket({ src: '10.198.7.99', dst: SCANNER, sport: 80, dport: 1, flags: TCP_SYN | TCP_ACK, options: linuxSynAckOptions({ mss: 1460, sackOk: true }), id: 5 });
    expect(rw.handle(other)).toEqual({ accept: true });
    const odd = tcpPacket({ src: DECKY, dst: SCANNER, sport: 80, dport: 1, flags: TCP_FIN | TCP_PSH | TCP_URG, id: 5 });
    expect(rw.handle(odd)).toEqual({ accept: true });
    for (let n = 0; n < 2000; n++) {
      const junk = Buffer.from(Array.from({ length: Math.floor(Math.random() * 80) }, () => Math.floor(Math.random() * 256)));
      if (junk.length > 0) junk[0] = 0x45;
      if (junk.length > 16) DECKY.split('.').forEach((x, k) => (junk[12 + k] = Number(x)));
      expect(() => rw.handle(junk)).not.toThrow();
    }
  });

  it('remembers a bounded number of peers', () => {
    const rw = new Rewriter(STACK_PERSONALITIES['freebsd-11'], new Set([DECKY]));
    for (let k = 0; k < 5_000; k++) rw.handle(tcpPacket({ src: `10.9.${k >> 8}.${k & 255}`, dst: DECKY, sport: 1000, dport: 80, flags: TCP_SYN, options: linuxSynAckOptions({ mss: 1200, sackOk: false }) }));
    // Old peers were forgotten: the SYN-ACK keeps the kernel's MSS for the first one, the newest is echoed.
    const ans = (src: string): string => {
      const p = tcpPacket({ src: DECKY, dst: src, sport: 80, dport: 1000, flags: TCP_SYN | TCP_ACK, options: linuxSynAckOptions({ mss: 1460, sackOk: false }) });
      const v = rw.handle(p);
      const out = (v.accept && v.packet) || p;
      return nmapOps(out, parseTcp(out, parseIpv4(out)!)!);
    };
    expect(ans('10.9.0.0')).toBe('M5B4');
    expect(ans('10.9.19.135')).toBe('M4B0');
  });

  it('fixChecksums produces packets the checker accepts', () => {
    const p = tcpPacket({ src: DECKY, dst: SCANNER, sport: 1, dport: 2, flags: TCP_ACK, payload: Buffer.from('odd') });
    p[40] = p[40]! ^ 0xff;
    expect(checksumsValid(p)).toBe(false);
    fixChecksums(p);
    expect(checksumsValid(p)).toBe(true);
  });
});
