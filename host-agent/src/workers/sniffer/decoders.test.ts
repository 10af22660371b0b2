// The sniffer's decoders against oracles nobody here wrote: FoxIO's captures with the JA4 and HASSH
// values its reference implementation computes (test/vectors/ja4, copied with their licences from FoxIO-LLC/ja4
// ), JA3 as tshark computes it on the same captures, and p0f 3's own binary (Debian `p0f`)
// reading the same files with the same database we ship.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCaptureFile } from './capture-file';
import { decodeFrame, TCP } from './packet';
import { p0fGuess } from './p0f';
import { hassh, hasshServer, parseSshStart } from './ssh-kex';
import { ja3, ja4, parseClientHello } from './tls-hello';

const VECTORS = join(__dirname, '../../../../test/vectors/ja4');
const haveVectors = existsSync(VECTORS);
const FILES = ['tls12.pcap', 'tls3.pcapng', 'tls-alpn-h2.pcap', 'tls-non-ascii-alpn.pcapng', 'latest.pcapng', 'browsers-x509.pcapng', 'tls-handshake.pcapng', 'ssh.pcapng', 'ssh2.pcapng', 'ssh-r.pcap'];

/**
 * Each direction's first 64 KiB of payload per connection, keyed src|sport|dst|dport (captures reuse
 * 4-tuples: a SYN starts the next connection of the tuple; the last one is the map's value, all in `all`).
 */
function flowsOf(file: string): Map<string, Buffer> & { all: Map<string, Buffer[]> } {
  const all = new Map<string, Buffer[]>();
  for (const fr of readCaptureFile(readFileSync(join(VECTORS, 'pcap', file)))) {
    const s = decodeFrame(fr.linkType, fr.data);
    if (!s) continue;
    const k = `${s.src}|${s.sport}|${s.dst}|${s.dport}`;
    const list = all.get(k) ?? [];
    if (s.flags & TCP.SYN || list.length === 0) list.push(Buffer.alloc(0));
    all.set(k, list);
    if (s.payload.length === 0) continue;
    const cur = list[list.length - 1]!;
    if (cur.length < 65_536) list[list.length - 1] = Buffer.concat([cur, s.payload]);
  }
  const flows = new Map([...all].map(([k, l]) => [k, l.find((b) => b.length > 0) ?? l[0]!])) as Map<string, Buffer> & { all: Map<string, Buffer[]> };
  flows.all = all;
  return flows;
}

const hasBin = (b: string): boolean => ['/usr/bin', '/usr/sbin'].some((d) => existsSync(join(d, b)));

describe.skipIf(!haveVectors)('sniffer decoders against public vectors', () => {
  it.each(FILES)('JA4 and HASSH of %s equal the reference values', (file) => {
    const expected = JSON.parse(readFileSync(join(VECTORS, 'expected', `${file}.json`), 'utf8')) as Array<Record<string, any>>;
    const flows = flowsOf(file);
    let checked = 0;
    for (const e of expected) {
      const c2s = flows.get(`${e.src}|${e.srcport}|${e.dst}|${e.dstport}`);
      const s2c = flows.get(`${e.dst}|${e.dstport}|${e.src}|${e.srcport}`);
      if (e['JA4.1'] && c2s) {
        const r = parseClientHello(c2s);
        expect(r.kind, `${file} stream ${e.stream}`).toBe('hello');
        if (r.kind === 'hello') {
          expect(ja4(r.hello).ja4).toBe(e['JA4.1']);
          expect(ja4(r.hello).raw).toBe(e['JA4_r.1']);
          if (e.domain) expect(r.hello.sni).toBe(e.domain);
        }
        checked++;
      }
      if (e.ssh_extras?.hassh && c2s) {
        const r = parseSshStart(c2s);
        expect(r.kind === 'kex' && hassh(r.kex).hassh).toBe(e.ssh_extras.hassh);
        if (r.kind === 'kex') expect(r.kex.banner).toBe(e.ssh_extras.ssh_protocol_client);
        checked++;
      }
      if (e.ssh_extras?.hassh_server && s2c) {
        const r = parseSshStart(s2c);
        expect(r.kind === 'kex' && hasshServer(r.kex).hassh).toBe(e.ssh_extras.hassh_server);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it.skipIf(!hasBin('tshark'))('JA3 equals tshark\'s ja3/ja3_full on the same captures', () => {
    let checked = 0;
    for (const file of ['tls12.pcap', 'tls3.pcapng', 'latest.pcapng', 'tls-handshake.pcapng']) {
      // The first ClientHello of each connection (tcp.seq 1): a second one after a HelloRetryRequest is not fingerprinted.
      const out = execFileSync('tshark', ['-r', join(VECTORS, 'pcap', file), '-Y', 'tls.handshake.type == 1 && tcp.seq == 1', '-T', 'fields', '-e', 'tcp.stream', '-e', 'ip.src', '-e', 'tcp.srcport', '-e', 'ip.dst', '-e', 'tcp.dstport', '-e', 'tls.handshake.ja3_full', '-e', 'tls.handshake.ja3'], { encoding: 'utf8' });
      const flows = flowsOf(file);
      for (const line of out.trim().split('\n').filter(Boolean)) {
        const [, src, sport, dst, dport, full, hash] = line.split('\t');
        if (!src || !sport || !full) continue; // QUIC hellos have no TCP port
        const ours = (flows.all.get(`${src}|${sport}|${dst}|${dport}`) ?? []).flatMap((b) => {
          const r = parseClientHello(b);
          return r.kind === 'hello' ? [ja3(r.hello)] : [];
        });
        expect(ours.length, `${file} ${src}:${sport}`).toBeGreaterThan(0);
        expect(ours).toContainEqual({ text: full, hash });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it.skipIf(!hasBin('p0f'))('p0f signatures and OS guesses equal the p0f 3 binary\'s on the same captures', () => {
    let checked = 0;
    for (const file of ['ssh-r.pcap', 'ssh.pcapng', 'ssh2.pcapng', 'latest.pcapng', 'tls3.pcapng', 'tls-handshake.pcapng']) {
      const path = join(VECTORS, 'pcap', file);
      const out = execFileSync('p0f', ['-r', path, '-f', join(__dirname, 'data/p0f.fp')], { encoding: 'utf8' });
      const theirs = new Map<string, { os: string; sig: string }>();
      for (const block of out.split('.-[').filter((b) => b.includes('(syn)'))) {
        const client = /\| client\s+= (\S+)/.exec(block)?.[1];
        const os = /\| os\s+= (.+)/.exec(block)?.[1]?.trim();
        const sig = /\| raw_sig\s+= (\S+)/.exec(block)?.[1];
        if (client && os && sig) theirs.set(client, { os, sig });
      }
      for (const fr of readCaptureFile(readFileSync(path))) {
        const s = decodeFrame(fr.linkType, fr.data);
        if (!s || !(s.flags & TCP.SYN) || s.flags & TCP.ACK) continue;
        const want = theirs.get(`${s.src}/${s.sport}`);
        if (!want) continue;
        const g = p0fGuess(s);
        expect(g.signature.split(':').filter((_, i) => i !== 4)).toEqual(want.sig.split(':').filter((_, i) => i !== 4));
        expect(g.os ?? '???').toBe(want.os);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(3);
  });
});

describe('sniffer decoders under hostile input', () => {
  it('never throw and stay bounded on random, truncated and oversized frames', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.constantFrom(0, 1, 101, 113, 276), (bytes, link) => {
        const s = decodeFrame(link, bytes);
        if (s) {
          expect(s.payload.length).toBeLessThanOrEqual(bytes.length);
          p0fGuess(s);
        }
        const h = parseClientHello(Uint8Array.of(0x16, 3, 1, ...bytes.subarray(0, 2), ...bytes));
        expect(['hello', 'more', 'not_tls']).toContain(h.kind);
        expect(['kex', 'more', 'not_ssh']).toContain(parseSshStart(bytes).kind);
        expect(['kex', 'more', 'not_ssh']).toContain(parseSshStart(Buffer.concat([Buffer.from('SSH-2.0-x\r\n'), bytes])).kind);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads nothing past a truncated capture file', () => {
    const file = readFileSync(join(VECTORS, 'pcap', 'ssh-r.pcap'));
    expect(() => readCaptureFile(file.subarray(0, file.length - 7))).toThrow(/truncated/);
    expect(() => readCaptureFile(Buffer.alloc(10))).toThrow(/too short/);
  });
});
