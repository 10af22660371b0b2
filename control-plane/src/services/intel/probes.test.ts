// Probes are not credentials: nmap's service probes (from the installed nmap-service-probes) replayed
// over real sockets to telnet and ftp deckies, the events ingested into a real libSQL database, and the
// credentials list holds only the real login tries; the probes are on the attacker as `probe` entries.
import { derivePersona, startDeckyRunner, templateFor, type DeckyRunner } from '@decnet/templates';
import { parseDecnetLine, type ServiceEvent } from '@decnet/protocol';
import { readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostRow } from '../../db/schema';
import { memoryDeps } from '../../testing/memory-deps';
import { ingestEvents } from '../agent/ingest-events';
import { listCredentials } from '../query/credentials';
import { attackerDetail } from '../query/attackers';
import { attackerIdFor } from './aggregate';
import { probeKindOf } from './probes';

const ESC: Record<string, string> = { '0': '\0', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
/** `Probe TCP <name> q|...|` lines of nmap-service-probes, unescaped (nmap's own escapes). */
function nmapProbes(): Array<{ name: string; bytes: Buffer }> {
  const out: Array<{ name: string; bytes: Buffer }> = [];
  for (const line of readFileSync('/usr/share/nmap/nmap-service-probes', 'latin1').split('\n')) {
    const m = /^Probe TCP (\S+) q(.)(.*)$/.exec(line);
    if (!m) continue;
    const body = m[3]!.slice(0, m[3]!.lastIndexOf(m[2]!));
    const text = body.replace(/\\(x[0-9a-fA-F]{2}|.)/g, (_, e: string) => (e[0] === 'x' ? String.fromCharCode(parseInt(e.slice(1), 16)) : (ESC[e] ?? e)));
    if (text) out.push({ name: m[1]!, bytes: Buffer.from(text, 'latin1') });
  }
  return out;
}

const lines: string[] = [];
let runner: DeckyRunner;
const persona = derivePersona({ deckyName: 'tn-9', archetype: 'linux-server', distro: 'debian', services: ['telnet', 'ftp'], nowMs: Date.UTC(2026, 2, 3) });

/** Connect, write, half-close, and wait (bounded) for the decky to close. */
const send = (port: number, data: Buffer | string) =>
  new Promise<void>((done) => {
    const s = createConnection({ host: '127.0.0.1', port }, () => s.end(data));
    const t = setTimeout(() => s.destroy(), 5000);
    s.on('data', () => {});
    s.on('error', () => {});
    s.on('close', () => (clearTimeout(t), done()));
  });

beforeAll(async () => {
  runner = await startDeckyRunner({
    decky: 'tn-9', persona, out: (l: string) => lines.push(l),
    listeners: [
      { service: 'telnet', template: templateFor('telnet')!, host: '127.0.0.1', port: 0, config: { auth_failure_delay_ms: '0' } },
      { service: 'ftp', template: templateFor('ftp')!, host: '127.0.0.1', port: 0, config: {} },
    ],
  });
});
afterAll(() => runner.close());

describe('scanner probes at a login prompt', () => {
  it('are recorded as probes, not credentials, while real tries stay credentials', async () => {
    const probes = nmapProbes();
    expect(probes.length).toBeGreaterThan(50);
    const [telnet, ftp] = runner.ports.map((p) => p.port);
    for (let i = 0; i < probes.length; i += 8) await Promise.all(probes.slice(i, i + 8).flatMap((p) => [send(telnet!, p.bytes), send(ftp!, p.bytes)]));
    await send(telnet!, 'root\r\nguess\r\n');
    await send(ftp!, 'USER admin\r\nPASS hunter2\r\nQUIT\r\n');
    const events: ServiceEvent[] = lines.flatMap((l, i) => {
      const r = parseDecnetLine(l);
      if (r.kind !== 'record' || !r.record.attackerIp) return [];
      const x = r.record;
      return [{ id: `p-${i}`, ts: x.timestamp, decky: x.decky, service: x.service, eventType: x.eventType, srcIp: x.attackerIp!, fields: x.fields, raw: l }];
    });
    const auths = events.filter((e) => e.eventType === 'auth_attempt');
    // The templates took many probe lines as login tries: that is what the fix must absorb.
    expect(auths.length).toBeGreaterThan(10);
    const deps = await memoryDeps();
    await ingestEvents(deps, { id: 'h' } as HostRow, events);
    const creds = await listCredentials(deps, { limit: 500, offset: 0 });
    // Left over: two of nmap's ~100 TCP probes are plain-text lines that read exactly like user and
    // password pairs (xmlsysd's `init` / `off all`, SharpTV's fixed-width `TVNM1   ` / `MNRD1   `).
    const LOOKALIKES = new Set(['init:off all', 'on identity version:send', 'TVNM1:MNRD1   ', 'SWVN1:IPPV1   ']);
    const got = creds.items.map((c) => `${c.principal}:${c.secretPrintable}`).sort();
    expect(got.filter((c) => !LOOKALIKES.has(c))).toEqual(['admin:hunter2', 'root:guess']);
    const detail = await attackerDetail(deps, attackerIdFor('127.0.0.1'));
    const kinds = new Set(detail.fingerprints.filter((f) => f.kind === 'probe').map((f) => f.value));
    expect([...kinds]).toEqual(expect.arrayContaining(['http_request', 'sip_request', 'rtsp_request']));
  });

  it('classifies probe payloads and leaves ordinary logins alone', () => {
    const b64 = (s: string) => Buffer.from(s, 'latin1').toString('base64');
    expect(probeKindOf('GET / HTTP/1.0', '')).toBe('http_request');
    expect(probeKindOf('OPTIONS sip:nm SIP/2.0', b64('Via: SIP/2.0/TCP nm;branch=foo'))).toBe('sip_request');
    expect(probeKindOf('OPTIONS / RTSP/1.0', '')).toBe('rtsp_request');
    expect(probeKindOf('\x16\x03\x01\x00\xa5\x01', '')).toBe('tls_hello');
    expect(probeKindOf('\x80\x9e\x01\x03\x01', '')).toBe('sslv2_hello');
    expect(probeKindOf('\x00\x1e\x00\x06\x01\x00', '')).toBe('binary');
    expect(probeKindOf('', '')).toBe('empty');
    expect(probeKindOf('*1', b64('$4'))).toBe('protocol_command');
    expect(probeKindOf('google.comPGET / HTTP/1.0', '')).toBe('http_request');
    expect(probeKindOf('User-Agent: iPhoto/9.1.1', '')).toBe('protocol_header');
    expect(probeKindOf('LO_SERVER_CLIENT_PAIR', b64('Nmap'))).toBe('nmap_marker');
    for (const [u, p] of [['root', 'toor'], ['admin', ''], ['get', 'HTTP/1.0'], ['support', 'P@ss w0rd!'], ['ubnt', 'ubnt']] as const) expect(probeKindOf(u, b64(p))).toBeNull();
  });
});

describe('challenge-response credentials are never probes', () => {
  it('keeps a VNC DES response (no user name, binary secret) and an NTLM response as credentials', async () => {
    const { extract } = await import('./extract');
    const event = (fields: Record<string, string>): ServiceEvent =>
      ({ id: 'e1', ts: '2026-12-05T00:00:00.000Z', decky: 'd', service: 'vnc', eventType: 'auth_attempt', srcIp: '203.0.113.9', fields, raw: '' }) as ServiceEvent;
    const binary = Buffer.from([0x00, 0x13, 0x7f, 0x01, 0xff, 0x02, 0x1b, 0x03]).toString('base64');
    expect(extract(event({ secret_b64: binary, secret_kind: 'vnc_des_response' })).credential).toMatchObject({ kind: 'vnc_des_response', principal: '' });
    expect(extract(event({ secret_b64: binary, secret_kind: 'ntlmssp_v2', principal: 'CORP\\alice' })).credential).toMatchObject({ kind: 'ntlmssp_v2' });
    // The same bytes typed at a plaintext prompt are a probe.
    expect(extract(event({ secret_b64: binary })).credential).toBeNull();
  });
});
