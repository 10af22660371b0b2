// tls_certificate and ipv6_link_local_leak through the sniffer core, on captures made with real tools
// (test/vectors/sniffer/README.md: openssl s_server/s_client, the Linux IPv6 stack on a veth pair) and
// FoxIO's browsers-x509 capture: JA4X equals FoxIO's reference values, the certificate fields equal
// what `openssl x509` prints for the bytes tshark extracts, the leaked MAC equals tshark's NDP option.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceEvent } from '@decnet/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCaptureFile } from './capture-file';
import { leakFacts } from './ipv6-leak';
import { Sniffer } from './sniffer';
import { parseServerFlight } from './tls-certificate';
import { ja4x } from './x509-info';

const VECTORS = join(__dirname, '../../../../test/vectors');
const hasBin = (b: string): boolean => ['/usr/bin', '/usr/sbin'].some((d) => existsSync(join(d, b)));

function replay(file: string, deckies: Record<string, string>): { events: ServiceEvent[]; sniffer: Sniffer } {
  const events: ServiceEvent[] = [];
  const sniffer = new Sniffer((ip) => deckies[ip], (e) => void events.push(e), { eventsPerSourcePerSecond: 1e6 });
  for (const f of readCaptureFile(readFileSync(join(VECTORS, file)))) sniffer.onFrame(f.linkType, f.tsMs, f.data);
  return { events, sniffer };
}

describe('tls_certificate', () => {
  it('JA4X of every certificate equals FoxIO\'s reference values (browsers-x509)', () => {
    const expected = JSON.parse(readFileSync(join(VECTORS, 'ja4/expected/browsers-x509.pcapng.json'), 'utf8')) as Array<Record<string, string>>;
    const servers = Object.fromEntries(expected.map((e) => [e.dst!, `decky-${e.stream}`]));
    const { events } = replay('ja4/pcap/browsers-x509.pcapng', servers);
    let checked = 0;
    for (const e of expected) {
      const mine = events.filter((x) => x.eventType === 'tls_certificate' && x.decky === `decky-${e.stream}`);
      const want = Object.keys(e).filter((k) => k.startsWith('JA4X.')).sort().map((k) => e[k]);
      expect(mine.map((x) => x.fields.ja4x)).toEqual(want);
      expect(mine.every((x) => x.srcIp === e.src && x.fields.tls_version === 'TLSv1.2' && x.fields.chain_length === String(want.length))).toBe(true);
      checked += want.length;
    }
    expect(checked).toBe(7);
  });

  it.skipIf(!hasBin('tshark'))('subject, issuer, serial, validity and SHA-256 equal openssl x509 on the bytes tshark extracts', () => {
    const file = 'sniffer/tls12-certificate.pcap';
    const { events, sniffer } = replay(file, { '127.77.0.9': 'web-1' });
    const certs = events.filter((e) => e.eventType === 'tls_certificate');
    const hex = execFileSync('tshark', ['-r', join(VECTORS, file), '-Y', 'tls.handshake.certificate', '-T', 'fields', '-e', 'tls.handshake.certificate'], { encoding: 'utf8' }).trim().split(',');
    expect(hex).toHaveLength(2);
    expect(certs).toHaveLength(2);
    hex.forEach((h, i) => {
      const out = execFileSync('openssl', ['x509', '-inform', 'DER', '-noout', '-subject', '-issuer', '-serial', '-startdate', '-enddate', '-fingerprint', '-sha256', '-nameopt', 'oneline'], { input: Buffer.from(h, 'hex'), encoding: 'utf8' });
      const v = (k: string): string => new RegExp(`^${k}=(.*)$`, 'm').exec(out)![1]!.trim();
      const ev = certs[i]!;
      expect(ev).toMatchObject({ decky: 'web-1', service: 'sniffer', srcIp: '127.0.0.1' });
      expect(ev.fields.chain_position).toBe(String(i));
      expect(ev.fields.subject).toBe(v('subject').replace(/ = /g, '='));
      expect(ev.fields.issuer).toBe(v('issuer').replace(/ = /g, '='));
      expect(ev.fields.serial).toBe(v('serial').toLowerCase());
      expect(ev.fields.not_before).toBe(new Date(v('notBefore')).toISOString());
      expect(ev.fields.not_after).toBe(new Date(v('notAfter')).toISOString());
      expect(ev.fields.cert_sha256).toBe(v('sha256 Fingerprint').replace(/:/g, '').toLowerCase());
    });
    expect(certs[0]!.fields.sans).toContain('DNS:intranet.decoy.test');
    // The second connection negotiated TLS 1.3: its Certificate is encrypted, counted, not reported.
    expect(sniffer.counters.tls13Certificates).toBe(1);
  });
});

describe('ipv6_link_local_leak', () => {
  it('reports the attacker\'s link-local EUI-64 address and the MAC it encodes, once per decky', () => {
    const { events } = replay('sniffer/ipv6-link-local.pcap', { 'fd00:e::1': 'v6-decky', 'fe80::5054:ff:fe12:3456': 'v6-decky-ll' });
    const leaks = events.filter((e) => e.eventType === 'ipv6_link_local_leak');
    // NS for each decky address, then TCP from the same address to the same decky: not repeated.
    expect(leaks.map((e) => [e.decky, e.fields.seen_in])).toEqual([['v6-decky', 'ndp_ns'], ['v6-decky-ll', 'ndp_ns']]);
    for (const l of leaks) {
      expect(l.srcIp).toBe('fe80::21b:21ff:fe3a:4b5c');
      expect(l.fields).toMatchObject({ scope: 'link-local', eui64: 'true', mac: '00:1b:21:3a:4b:5c', oui: '00:1b:21', iid: '21b:21ff:fe3a:4b5c', eth_src: '00:1b:21:3a:4b:5c' });
    }
    // The decky's own Router Solicitation (its link-local, to ff02::2) is not an attacker's leak.
    expect(events.some((e) => e.srcIp?.startsWith('fe80::5054'))).toBe(false);
    // SYNs from the link-local address are fingerprinted as usual.
    expect(events.filter((e) => e.eventType === 'tcp_syn_fingerprint')).toHaveLength(2);
  });

  it.skipIf(!hasBin('tshark'))('the MAC equals the source link-layer address option tshark reads from the NS', () => {
    const opt = execFileSync('tshark', ['-r', join(VECTORS, 'sniffer/ipv6-link-local.pcap'), '-Y', 'icmpv6.type == 135', '-T', 'fields', '-e', 'ipv6.src', '-e', 'icmpv6.opt.linkaddr'], { encoding: 'utf8' }).trim().split('\n')[0]!.split('\t');
    expect(leakFacts(opt[0]!)?.mac).toBe(opt[1]);
  });

  it('a TCP SYN from a link-local address leaks it when no NS was seen (capture started late)', () => {
    const { events } = replay('sniffer/ipv6-link-local.pcap', { 'fd00:e::1': 'v6-decky' });
    expect(events.filter((e) => e.eventType === 'ipv6_link_local_leak')).toHaveLength(1);
    const frames = readCaptureFile(readFileSync(join(VECTORS, 'sniffer/ipv6-link-local.pcap'))).slice(2); // without the NS/NA
    const out: ServiceEvent[] = [];
    const s = new Sniffer((ip) => (ip === 'fd00:e::1' ? 'v6-decky' : undefined), (e) => void out.push(e));
    for (const f of frames) s.onFrame(f.linkType, f.tsMs, f.data);
    expect(out.find((e) => e.eventType === 'ipv6_link_local_leak')?.fields).toMatchObject({ seen_in: 'tcp', mac: '00:1b:21:3a:4b:5c', eth_src: '' });
  });

  it('says nothing of addresses that leak nothing, and names the scope of those that do', () => {
    expect(leakFacts('2001:db8::8a2e:370:7334')).toBeUndefined(); // privacy / manual IID, global
    expect(leakFacts('fe80::1c2d:3e4f:5a6b:7c8d')).toMatchObject({ scope: 'link-local', eui64: false, mac: '' });
    expect(leakFacts('2001:db8:1::21b:21ff:fe3a:4b5c')).toMatchObject({ scope: 'global', mac: '00:1b:21:3a:4b:5c' });
    expect(leakFacts('fd12::0211:22ff:fe33:4455')).toMatchObject({ scope: 'unique-local', mac: '00:11:22:33:44:55' });
    expect(leakFacts('not-an-address')).toBeUndefined();
  });
});

describe('certificate and NDP decoding under hostile input', () => {
  it('never throws on random, truncated and mutated server flights and certificates', () => {
    const flight = (() => {
      const frames = readCaptureFile(readFileSync(join(VECTORS, 'sniffer/tls12-certificate.pcap')));
      return Buffer.from(frames[5]!.data.subarray(66)); // Server Hello .. Server Hello Done (one segment on lo)
    })();
    expect(parseServerFlight(flight).kind).toBe('certs');
    fc.assert(
      fc.property(fc.nat(flight.length), fc.uint8Array({ maxLength: 64 }), fc.nat(flight.length), (cut, noise, at) => {
        const mutated = Buffer.from(flight.subarray(0, cut));
        mutated.set(noise.subarray(0, Math.max(0, mutated.length - at)), Math.min(at, mutated.length));
        expect(['certs', 'tls13', 'more', 'not_tls']).toContain(parseServerFlight(mutated).kind);
        ja4x(mutated.subarray(at));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        expect(['certs', 'tls13', 'more', 'not_tls']).toContain(parseServerFlight(Uint8Array.of(0x16, 3, 3, ...bytes)).kind);
        const sniffer = new Sniffer(() => 'd', () => undefined);
        sniffer.onFrame(101, 0, Uint8Array.of(0x60, 0, 0, 0, 0, 24, 58, 255, ...bytes));
      }),
      { numRuns: 2000 },
    );
  });
});
