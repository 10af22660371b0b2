// Every MSGID a registered template emits must be in @decnet/protocol's catalogue (DESIGN §2.1):
// each template is probed through a strict runner (which throws on an unknown MSGID and records
// it) with openers of many protocols, random bytes and abrupt closes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARCHETYPES, isServiceSlug, msgidsFor, SERVICE_SLUGS } from '@decnet/protocol';
import { allListeners, probeTcp, probeUdp } from './_testing/probes';
import { derivePersona } from './persona/derive';
import { registeredServices, templateFor } from './registry';
import { startDeckyRunner, type DeckyRunner } from './runner/runner';
import { LineSink } from './runner/test-harness';

const PROBES: Array<string | Uint8Array> = [
  '',
  '\r\n',
  'HELP\r\nQUIT\r\n',
  'GET / HTTP/1.0\r\nHost: x\r\n\r\n',
  'USER root\r\nPASS toor\r\nSYST\r\nQUIT\r\n',
  'EHLO x\r\nAUTH LOGIN\r\ncm9vdA==\r\ndG9vcg==\r\nQUIT\r\n',
  '*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nAUTH\r\n$4\r\ntoor\r\n',
  Uint8Array.of(255, 253, 24, 255, 251, 31, 255, 250, 24, 0, 120, 255, 240),
  'root\r\nroot\r\n',
  'SSH-2.0-OpenSSH_9.6\r\n',
  Uint8Array.of(0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x00),
];

const persona = derivePersona({ deckyName: 'cat-1', archetype: 'linux-server', services: registeredServices(), nowMs: Date.UTC(2026, 0, 1) });
const sink = new LineSink();
let runner: DeckyRunner;

beforeAll(async () => {
  runner = await startDeckyRunner({
    decky: 'cat-1', persona, out: sink.out, strictMsgids: true, perIpMaxConnections: 256, maxConnections: 512, limits: { idleTimeoutMs: 1500 },
    listeners: allListeners(registeredServices(), (service): Record<string, string> => (service === 'ssh' || service === 'telnet' ? { auth_failure_delay_ms: '0' } : {})),
  });
}, 90_000);
afterAll(() => runner.close());

/** Fire-and-forget: the answers do not matter here, only what the runner logs. */
const probe = async (port: number, tls: boolean, payload: string | Uint8Array, random: boolean): Promise<void> => void (await probeTcp(port, tls, payload, random, 150));

describe('MSGID catalogue', () => {
  it('has a template for every service of every DECNET archetype (the catalogue misses nothing)', () => {
    const missing = ARCHETYPES.flatMap((a) => a.services.filter((s) => !templateFor(s)).map((s) => `${a.slug}/${s}`));
    expect(missing).toEqual([]);
    expect(registeredServices().sort()).toEqual(SERVICE_SLUGS.filter((s) => s !== 'sniffer').sort());
  });

  it('registers templates under their own, known service slugs', () => {
    for (const service of registeredServices()) {
      const t = templateFor(service);
      expect(isServiceSlug(service)).toBe(true);
      expect(t?.name).toBe(service);
      expect(t?.defaultPorts.length).toBeGreaterThan(0);
    }
  });

  it('sees only catalogued MSGIDs from every registered template under hostile probes', async () => {
    for (const bound of runner.ports) {
      if (bound.transport === 'udp') {
        await probeUdp(bound.port, PROBES);
        continue;
      }
      const probes = PROBES.flatMap((p) => [probe(bound.port, bound.tls, p, false), probe(bound.port, bound.tls, p, true)]);
      if (bound.tls) probes.push(probe(bound.port, false, 'GET / HTTP/1.0\r\n\r\n', false));
      await Promise.all(probes);
    }
    await sink.waitFor(() => runner.activeSessions() === 0, 8000);
    expect(runner.unknownMsgids()).toEqual([]);
    const seen = sink.records();
    for (const r of seen) expect(msgidsFor(r.service)).toContain(r.eventType);
    expect(new Set(seen.map((r) => r.service))).toEqual(new Set(registeredServices()));
    // UDP listeners saw the datagrams (random bytes at least become raw_packet-like events).
    for (const bound of runner.ports.filter((p) => p.transport === 'udp')) expect(seen.some((r) => r.service === bound.service && r.eventType !== 'startup'), bound.key).toBe(true);
  }, 90_000);
});
