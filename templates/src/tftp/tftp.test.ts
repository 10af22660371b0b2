// tftp under the real runner on loopback with tftp-hpa's client (Debian `tftp-hpa`): get of a persona
// file (octet and netascii, with and without blksize/tsize options), get of a missing file, put refused
// and (per config) accepted and hashed, and nmap -sU -sV on the port.
import { createHash } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derivePersona } from '../persona/derive';
import type { Persona } from '../persona/types';
import { hasBinary, runCli } from '../_testing';
import { startDeckyRunner, type DeckyRunner } from '../runner/runner';
import { LineSink } from '../runner/test-harness';
import { tftpTemplate } from './index';

const dir = mkdtempSync(join(tmpdir(), 'decnet-tftp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function start(persona: Persona, sink: LineSink, config: Record<string, string> = {}): Promise<{ runner: DeckyRunner; port: string }> {
  const runner = await startDeckyRunner({
    decky: persona.deckyName, persona, out: sink.out, strictMsgids: true,
    listeners: [{ service: 'tftp', template: tftpTemplate, host: '127.0.0.1', port: 0, servicePort: 69, config }],
  });
  return { runner, port: String(runner.ports[0]!.port) };
}

/** tftp-hpa: `tftp [-m mode] host port -c cmd...`, with a short retransmit timeout. */
const tftp = (port: string, cmd: string[], extra: string[] = []): Promise<string> =>
  runCli('tftp', ['-v', ...extra, '127.0.0.1', port, '-c', ...cmd], { timeoutMs: 30_000 }).then((r) => `${r.stdout}${r.stderr}`);

describe.runIf(hasBinary('tftp'))('tftp with the tftp-hpa client (Linux monitoring node)', () => {
  const persona = derivePersona({ deckyName: 'nms-tftp', archetype: 'monitoring-node', distro: 'debian', nowMs: Date.now() });
  const files = persona.services.tftp.files;
  const sink = new LineSink();
  let runner: DeckyRunner;
  let port: string;
  beforeAll(async () => {
    ({ runner, port } = await start(persona, sink));
  });
  afterAll(() => runner.close());

  it('serves the persona PXE menu byte for byte (octet) and logs request and transfer', async () => {
    const out = join(dir, 'default');
    const res = await tftp(port, ['get', 'pxelinux.cfg/default', out], ['-m', 'octet']);
    expect(res).toMatch(/Received \d+ bytes/);
    expect(readFileSync(out, 'latin1')).toBe(files['pxelinux.cfg/default']);
    const recs = await sink.waitFor((r) => r.some((x) => x.eventType === 'transfer'));
    expect(recs.find((x) => x.eventType === 'request')!.fields).toMatchObject({ op: 'RRQ', opcode: '1', filename: 'pxelinux.cfg/default', mode: 'octet', outcome: 'served', src_ip: '127.0.0.1' });
    expect(recs.find((x) => x.eventType === 'transfer')!.fields).toMatchObject({ op: 'RRQ', filename: 'pxelinux.cfg/default', complete: '1', size_bytes: String(Buffer.byteLength(files['pxelinux.cfg/default']!, 'latin1')) });
  });

  it('serves a multi-block router config in netascii with a leading slash, and in octet', async () => {
    const name = Object.keys(files).find((f) => f.endsWith('-confg'))!;
    expect(name).toBeTruthy();
    expect(files[name]!.length).toBeGreaterThan(1024);
    const out = join(dir, 'confg');
    expect(await tftp(port, ['get', `/${name}`, out], ['-m', 'netascii'])).toMatch(/Received/);
    expect(readFileSync(out, 'latin1')).toBe(files[name]);
    const out2 = join(dir, 'confg2');
    const res = await runCli('tftp', ['-v', '-m', 'octet', '127.0.0.1', port, '-c', 'get', name, out2], { timeoutMs: 30_000 });
    expect(res.code).toBe(0);
    expect(readFileSync(out2, 'latin1')).toBe(files[name]);
    expect(files[name]).toMatch(/password 7 [0-9A-F]{6,}/);
  });

  it('answers a missing file with ERROR 1 "File not found" as tftpd-hpa does', async () => {
    const res = await tftp(port, ['get', 'startup-config', join(dir, 'x')]);
    expect(res).toContain('Error code 1: File not found');
    const ev = (await sink.waitFor((r) => r.some((x) => x.fields['filename'] === 'startup-config'))).find((x) => x.fields['filename'] === 'startup-config')!;
    expect(ev.fields).toMatchObject({ op: 'RRQ', outcome: 'not_found' });
  });

  it('refuses a put (new file: not found without --create; existing: not world-writable)', async () => {
    const src = join(dir, 'upload.bin');
    writeFileSync(src, 'owned\n');
    expect(await tftp(port, ['put', src, 'evil.bin'])).toContain('Error code 1: File not found');
    expect(await tftp(port, ['put', src, 'pxelinux.cfg/default'])).toContain('Error code 2: File must have global write permissions');
    const w = sink.of('request').filter((x) => x.fields['op'] === 'WRQ');
    expect(w.map((x) => x.fields['outcome'])).toEqual(['refused', 'refused']);
  });

  it('logs a non-request opcode and a malformed request, and stays silent on the former like tftpd-hpa', async () => {
    const s = createSocket('udp4');
    const got: Buffer[] = [];
    s.on('message', (m) => got.push(m));
    await new Promise<void>((ok) => s.bind(0, '127.0.0.1', ok));
    s.send(Buffer.from('000010000000000000000000', 'hex'), Number(port), '127.0.0.1');
    s.send(Buffer.from('\x00\x01nonul', 'latin1'), Number(port), '127.0.0.1');
    const recs = await sink.waitFor((r) => r.some((x) => x.eventType === 'unknown_opcode') && r.some((x) => x.fields['outcome'] === 'malformed'));
    await new Promise((ok) => setTimeout(ok, 200));
    s.close();
    // Only the probe: late duplicates of finished transfers (tftp-hpa re-ACKs) are absorbed, not strays.
    expect(recs.filter((x) => x.eventType === 'unknown_opcode').map((x) => x.fields)).toEqual([expect.objectContaining({ opcode: '0', size_bytes: '12' })]);
    expect(got.map((g) => g.toString('latin1'))).toEqual(['\x00\x05\x00\x04Request not null-terminated\x00']);
    expect(runner.unknownMsgids()).toEqual([]);
    expect(sink.of('error')).toEqual([]);
  });

  it('negotiates blksize and tsize with an OACK (RFC 2347/2348/2349) and sends 1024-byte blocks after ACK 0', async () => {
    // tftp-hpa's client sends no options; this peer speaks them as PXE ROMs and atftp do.
    const name = Object.keys(files).find((f) => f.endsWith('-confg'))!;
    const body = Buffer.from(files[name]!, 'latin1');
    const s = createSocket('udp4');
    const inbox: Buffer[] = [];
    let wake: (() => void) | undefined;
    s.on('message', (m) => {
      inbox.push(m);
      wake?.();
    });
    const next = async (): Promise<Buffer> => {
      for (let i = 0; i < 50 && inbox.length === 0; i++) await new Promise<void>((ok) => ((wake = ok), setTimeout(ok, 100)));
      return inbox.shift()!;
    };
    await new Promise<void>((ok) => s.bind(0, '127.0.0.1', ok));
    const send = (b: Uint8Array): void => void s.send(b, Number(port), '127.0.0.1');
    send(Buffer.from(`\x00\x01${name}\x00octet\x00blksize\x001024\x00tsize\x000\x00timeout\x003\x00`, 'latin1'));
    expect((await next()).toString('latin1')).toBe(`\x00\x06blksize\x001024\x00tsize\x00${body.length}\x00timeout\x003\x00`);
    const got: Buffer[] = [];
    for (let block = 0; block < 64; block++) {
      send(Uint8Array.of(0, 4, block >> 8, block & 0xff));
      if (block > 0 && got[got.length - 1]!.length < 1024) break;
      const d = await next();
      expect([d[0], d[1], d.readUInt16BE(2)]).toEqual([0, 3, block + 1]);
      got.push(d.subarray(4));
    }
    s.close();
    expect(got[0]!.length).toBe(1024);
    expect(Buffer.concat(got).equals(body)).toBe(true);
  });

});

describe.runIf(hasBinary('tftp'))('tftp uploads and device personas', () => {
  it('with allow_write, a put is acknowledged block by block and logged with its size and sha256', async () => {
    const persona = derivePersona({ deckyName: 'pxe-tftp', archetype: 'linux-server', distro: 'rocky9', nowMs: Date.now() });
    const sink = new LineSink();
    const { runner, port } = await start(persona, sink, { allow_write: 'true' });
    try {
      const body = Buffer.from(Array.from({ length: 1800 }, (_, i) => (i * 7) & 0xff));
      const src = join(dir, 'payload.bin');
      writeFileSync(src, body);
      expect(await tftp(port, ['put', src, 'payload.bin'], ['-m', 'octet'])).toMatch(/Sent 1800 bytes/);
      const t = (await sink.waitFor((r) => r.some((x) => x.eventType === 'transfer'))).find((x) => x.eventType === 'transfer')!;
      expect(t.fields).toMatchObject({ op: 'WRQ', filename: 'payload.bin', complete: '1', size_bytes: '1800', blocks: '4', sha256: createHash('sha256').update(body).digest('hex') });
      expect(t.fields['head_hex']).toBe(body.subarray(0, 64).toString('hex'));
      expect(persona.services.tftp.files['pxelinux.cfg/default']).toContain('inst.ks=tftp://');
    } finally {
      await runner.close();
    }
  });

  it('a Cisco persona serves its own -confg and answers a non-request with "Illegal operation"', async () => {
    const persona = derivePersona({ deckyName: 'sw-tftp', nmapOs: 'cisco', nowMs: Date.now() });
    const sink = new LineSink();
    const { runner, port } = await start(persona, sink);
    try {
      const out = join(dir, 'sw-confg');
      expect(await tftp(port, ['get', `${persona.hostname}-confg`, out])).toMatch(/Received/);
      expect(readFileSync(out, 'latin1')).toContain(`hostname ${persona.hostname}`);
      const s = createSocket('udp4');
      const got = new Promise<Buffer>((ok) => s.once('message', ok));
      await new Promise<void>((ok) => s.bind(0, '127.0.0.1', ok));
      s.send(Buffer.from('000010000000000000000000', 'hex'), Number(port), '127.0.0.1');
      expect((await got).toString('latin1')).toBe('\x00\x05\x00\x04Illegal operation\x00');
      s.close();
    } finally {
      await runner.close();
    }
  });
});

describe.runIf(hasBinary('nmap'))('nmap -sU -sV on port 69', () => {
  // nmap sends its TFTP payload and matches only on the real port: listeners on loopback addresses of
  // their own, port 69 (root, or ip_unprivileged_port_start <= 69; skipped otherwise). Intensity 0:
  // only the probes nmap lists for port 69 (its DNS status request is the one Cisco's tftpd answers).
  it('finds tftpd-hpa open as tftp and names a Cisco persona "Cisco router tftpd"', async (t) => {
    const linux = derivePersona({ deckyName: 'nms-tftp', archetype: 'monitoring-node', distro: 'debian', nowMs: Date.now() });
    const cisco = derivePersona({ deckyName: 'sw-tftp', nmapOs: 'cisco', nowMs: Date.now() });
    const sinks = [new LineSink(), new LineSink()];
    const runners = await Promise.all(
      [linux, cisco].map((persona, i) =>
        startDeckyRunner({
          decky: persona.deckyName, persona, out: sinks[i]!.out, strictMsgids: true,
          listeners: [{ service: 'tftp', template: tftpTemplate, host: `127.69.0.${i + 1}`, port: 69, servicePort: 69, config: {} }],
        }).catch(() => undefined),
      ),
    );
    try {
      if (runners.some((r) => !r)) return t.skip();
      const lines = await Promise.all([1, 2].map(async (i) => {
        const r = await runCli('nmap', ['-sU', '-sV', '--version-intensity', '0', '-Pn', '-n', '-p', '69', `127.69.0.${i}`], { timeoutMs: 120_000 });
        return r.stdout.split('\n').find((l) => l.startsWith('69/udp')) ?? r.stdout;
      }));
      console.info(`nmap: tftpd-hpa persona: ${lines[0]} / cisco persona: ${lines[1]}`);
      expect(lines[0]).toMatch(/^69\/udp\s+open\s+tftp/);
      expect(lines[1]).toMatch(/^69\/udp\s+open\s+tftp\s+Cisco router tftpd/);
      // nmap's own payload is an RRQ of a file nobody has.
      expect(sinks[0]!.of('request').some((x) => x.fields['outcome'] === 'not_found')).toBe(true);
    } finally {
      await Promise.all(runners.map((r) => r?.close()));
    }
  }, 300_000);
});
