// The sniffer worker with a real libpcap capture on loopback: real clients (curl over TLS, the
// OpenSSH client) connect to listeners on a decky address of 127/8, and the worker turns what it
// sees into fingerprint events. Needs root (or CAP_NET_RAW) and the pcap addon; says why when skipped.
import { execFile, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { ServiceEvent } from '@decnet/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfSignedCert } from '../../../../templates/src/_testing/tls-cert';
import { SnifferWorker } from './sniffer-worker';

const DECKY_IP = '127.77.0.5';
let pcapProblem: string | undefined;
try {
  await import('pcap' as string);
} catch (e) {
  pcapProblem = `pcap addon not loadable: ${(e as Error).message}`;
}
const skip = process.getuid?.() !== 0 ? 'needs root for packet capture' : pcapProblem;
if (skip) console.warn(`sniffer worker test SKIPPED: ${skip}`);

const listen = (s: Server): Promise<number> => new Promise((ok) => s.listen(0, DECKY_IP, () => ok((s.address() as { port: number }).port)));
const until = async <T>(f: () => T | undefined, ms = 15_000): Promise<T> => {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    const v = f();
    if (v !== undefined) return v;
  }
  throw new Error('timed out');
};

describe.skipIf(Boolean(skip))('sniffer worker (live capture on lo)', () => {
  const events: ServiceEvent[] = [];
  let worker: SnifferWorker;
  let tls: Server;
  let ssh: Server;
  let tlsPort = 0;
  let sshPort = 0;

  beforeAll(async () => {
    const { cert, key } = selfSignedCert('decoy.test');
    tls = createTlsServer({ cert, key }, (s) => s.end('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n'));
    tlsPort = await listen(tls);
    // A bare SSH server: its banner makes the client send its KEXINIT, which is all the sniffer needs.
    ssh = createServer((s) => {
      s.on('error', () => undefined);
      s.write('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n');
      setTimeout(() => s.destroy(), 1500);
    });
    sshPort = await listen(ssh);
    worker = new SnifferWorker({
      name: 'sniffer', fail: (e) => { throw e; }, log: () => undefined, interfaces: ['lo'], refreshMs: 60_000,
      addresses: async () => new Map([[DECKY_IP, 'snf-decky']]), sink: async (b) => void events.push(...b),
    });
    await worker.start();
    expect(worker.health().status).toBe('ok');
  });

  afterAll(async () => {
    await worker?.stop();
    tls?.close();
    ssh?.close();
  });

  it('fingerprints a TLS client, an SSH client and their SYNs', async () => {
    await new Promise<void>((ok) => execFile('curl', ['-sk', '--max-time', '5', '--resolve', `decoy.test:${tlsPort}:${DECKY_IP}`, `https://decoy.test:${tlsPort}/`], () => ok()));
    // TLS 1.2: the decky's certificate is in clear (tls_certificate); TLS 1.3 above hid it.
    await new Promise<void>((ok) => execFile('curl', ['-sk', '--tls-max', '1.2', '--max-time', '5', '--resolve', `decoy.test:${tlsPort}:${DECKY_IP}`, `https://decoy.test:${tlsPort}/`], () => ok()));
    await new Promise<void>((ok) => {
      const c = spawn('ssh', ['-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=5', '-p', String(sshPort), `probe@${DECKY_IP}`, 'true'], { stdio: 'ignore' });
      c.on('exit', () => ok());
      c.on('error', () => ok());
    });
    const hello = await until(() => events.find((e) => e.eventType === 'tls_client_hello'));
    expect(hello).toMatchObject({ decky: 'snf-decky', service: 'sniffer' });
    expect(hello.srcIp).toMatch(/^127\./);
    expect(hello.srcPort).toBeGreaterThan(0);
    expect(hello.fields).toMatchObject({ sni: 'decoy.test', dst_port: String(tlsPort) });
    expect(hello.fields.ja4).toMatch(/^t1[23]d\d{4}[0-9a-z]{2}_[0-9a-f]{12}_[0-9a-f]{12}$/);
    expect(hello.fields.ja3).toMatch(/^[0-9a-f]{32}$/);
    const banner = await until(() => events.find((e) => e.eventType === 'ssh_client_banner'));
    expect(banner.fields.client_banner).toMatch(/^SSH-2\.0-OpenSSH_/);
    expect(banner.fields.hassh).toMatch(/^[0-9a-f]{32}$/);
    const syn = await until(() => events.find((e) => e.eventType === 'tcp_syn_fingerprint' && e.fields.dst_port === String(sshPort)));
    expect(syn.fields.os_guess).toMatch(/Linux/);
    expect(syn.fields.signature).toMatch(/^4:64\+0:0:/);
    await until(() => events.find((e) => e.eventType === 'tcp_flow_timing'));
    const cert = await until(() => events.find((e) => e.eventType === 'tls_certificate'));
    expect(cert.fields).toMatchObject({ tls_version: 'TLSv1.2', chain_position: '0', dst_port: String(tlsPort) });
    expect(cert.fields.subject).toContain('CN=decoy.test');
    expect(cert.fields.cert_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(cert.fields.ja4x).toMatch(/^[0-9a-f]{12}_[0-9a-f]{12}_[0-9a-f]{12}$/);
    const h = worker.health();
    expect(h.counters!.decoded).toBeGreaterThan(5);
    expect(h.counters!.events).toBe(events.length);
  }, 60_000);

  it('names nmap -O\'s probe SYNs as nmap', async () => {
    await new Promise<void>((ok) => execFile('nmap', ['-n', '-Pn', '-O', '--max-os-tries', '1', '-p', `${tlsPort},1`, DECKY_IP], { timeout: 60_000 }, () => ok()));
    const scan = await until(() => events.find((e) => e.eventType === 'tcp_syn_fingerprint' && /nmap/i.test(e.fields.os_guess ?? '')));
    expect(scan.fields.os_class).toBe('!');
  }, 90_000);
});
