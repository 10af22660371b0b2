import { execFileSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect as netConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { ServiceEventSchema, type ServiceEvent } from '@decnet/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeckyLogSource } from '../../../runtime/log-stream';
import { CollectorWorker } from '../collector-worker';

const noStreams: DeckyLogSource = { logStreams: async () => [], follow: async () => {} };
const ev = (n: number, host = 'honeypot-7') =>
  `<134>1 2026-03-01T10:00:0${n % 10}.000Z ${host} ftp - auth_attempt [relay@55555 src_ip="203.0.113.${n}" src_port="5000${n % 10}" username="admin${n}" secret_kind="plaintext" secret_printable="pw${n}"]`;
const octet = (s: string) => `${Buffer.byteLength(s)} ${s}`;

let dir: string;
let cert: string;
let key: string;
let worker: CollectorWorker;
const stored: ServiceEvent[] = [];

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out (${stored.length} events)`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function openTcp(port: number): Promise<Socket> {
  return new Promise((ok, fail) => {
    const s = netConnect(port, '127.0.0.1', () => ok(s));
    s.once('error', fail);
  });
}

const closed = (s: Socket): Promise<void> => new Promise((ok) => (s.destroyed ? ok() : s.once('close', () => ok())));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'syslog-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  cert = readFileSync(join(dir, 'c.pem'), 'utf8');
  key = readFileSync(join(dir, 'k.pem'), 'utf8');
  worker = new CollectorWorker({
    name: 'collector', log: () => {}, fail: () => {},
    source: noStreams, sink: async (evs) => void stored.push(...evs), sourceId: 'h', cursorFile: join(dir, 'c.json'),
    syslog: { host: '127.0.0.1', udpPort: 0, tcpPort: 0, tlsPort: 0, tls: { cert, key }, maxConnections: 4, maxFrameBytes: 4096, idleTimeoutMs: 2000 },
  });
  await worker.start();
});

afterAll(async () => {
  await worker.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('syslog receiver', () => {
  it('stores a UDP datagram as a service event (RFC 5426)', async () => {
    const udp = createSocket('udp4');
    await new Promise<void>((ok) => udp.send(ev(1), worker.syslogPorts.udp!, '127.0.0.1', () => ok()));
    udp.close();
    await until(() => stored.some((e) => e.fields.username === 'admin1'));
    const e = stored.find((x) => x.fields.username === 'admin1')!;
    expect(e).toMatchObject({ decky: 'honeypot-7', service: 'ftp', eventType: 'auth_attempt', srcIp: '203.0.113.1', srcPort: 50001, fields: { secret_printable: 'pw1' } });
    expect(e.id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('stores octet-counted and LF-framed TCP frames (RFC 6587) split across writes', async () => {
    const s = await openTcp(worker.syslogPorts.tcp!);
    const wire = `${octet(ev(2))}${ev(3)}\n${octet(ev(4))}`;
    s.write(wire.slice(0, 17));
    await new Promise((r) => setTimeout(r, 20));
    s.end(wire.slice(17));
    await until(() => ['admin2', 'admin3', 'admin4'].every((u) => stored.some((e) => e.fields.username === u)));
  });

  it('stores frames over TLS (RFC 5425)', async () => {
    const s = tlsConnect({ port: worker.syslogPorts.tls!, host: '127.0.0.1', ca: cert, servername: 'localhost' });
    await new Promise<void>((ok, fail) => s.once('secureConnect', ok).once('error', fail));
    s.end(octet(ev(5)) + octet(ev(6)));
    await until(() => ['admin5', 'admin6'].every((u) => stored.some((e) => e.fields.username === u)));
  });

  it('a garbage peer loses its own connection only; malformed lines are kept raw', async () => {
    const good = await openTcp(worker.syslogPorts.tcp!);
    const bad = await openTcp(worker.syslogPorts.tcp!);
    bad.write('not syslog at all\n');
    await until(() => stored.some((e) => e.eventType === 'parse_error' && e.raw === 'not syslog at all'));
    expect(stored.find((e) => e.raw === 'not syslog at all')).toMatchObject({ decky: '127.0.0.1', service: 'decnet-agent', fields: { transport: 'tcp', error: 'bad_pri' } });
    const frameErrors = worker.counters.syslogFrameErrors;
    bad.write('99999999 x');
    await closed(bad);
    expect(worker.counters.syslogFrameErrors).toBe(frameErrors + 1);
    const endless = await openTcp(worker.syslogPorts.tcp!);
    endless.write(Buffer.alloc(8192, 0x41));
    await closed(endless);
    good.end(`${ev(7)}\n`);
    await until(() => stored.some((e) => e.fields.username === 'admin7'));
    for (const e of stored) expect(ServiceEventSchema.safeParse(e).success).toBe(true);
  });

  it('refuses connections past its cap and closes idle ones', async () => {
    const socks = await Promise.all(Array.from({ length: 5 }, () => openTcp(worker.syslogPorts.tcp!)));
    await until(() => worker.counters.syslogRefused >= 1);
    await Promise.all(socks.map(closed)); // the idle timeout (2 s) ends the others
  });
});
