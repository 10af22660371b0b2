// Every registered service under the real runner (strict MSGID checks) with derived personas of
// several archetypes and distros: hostile probes, random bytes and abrupt closes must only ever
// produce catalogued events, and each greeting must carry the derived persona's identity.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { msgidsFor, type ArchetypeSlug, type DistroSlug } from '@decnet/protocol';
import { derivePersona } from '../persona/derive';
import { allListeners, probeTcp, probeUdp } from './probes';
import { registeredServices, SERVICES } from '../registry';
import { startDeckyRunner, type DeckyRunner } from '../runner/runner';
import { LineSink } from '../runner/test-harness';

const SERVICE_LIST = registeredServices();
const PERSONAS: Array<[ArchetypeSlug, DistroSlug]> = [['web-server', 'ubuntu22'], ['database-server', 'debian'], ['mail-server', 'rocky9'], ['file-server', 'alpine']];

const PROBES: Array<string | Uint8Array> = [
  '', '\r\n', 'HELP\r\nQUIT\r\n', 'GET / HTTP/1.0\r\nHost: x\r\n\r\n', 'USER root\r\nPASS toor\r\nSYST\r\nPASV\r\nLIST\r\nQUIT\r\n',
  'EHLO x\r\nAUTH LOGIN\r\ncm9vdA==\r\ndG9vcg==\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<root@localhost>\r\nDATA\r\nhi\r\n.\r\nQUIT\r\n',
  '*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nAUTH\r\n$4\r\ntoor\r\nINFO\r\n[[,[[\r\n', 'SSH-2.0-OpenSSH_9.6\r\n',
  Uint8Array.of(0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x00), Uint8Array.of(0x20, 0, 0, 1, 0x85, 0xa2, 0x3f, 0),
];

const probe = (port: number, tls: boolean, payload: string | Uint8Array, random: boolean): Promise<string> => probeTcp(port, tls, payload, random, 200);

describe.each(PERSONAS)('templates under the runner (%s on %s)', (archetype, distro) => {
  const persona = derivePersona({ deckyName: `smoke-${distro}`, archetype, distro, services: SERVICE_LIST, nowMs: Date.UTC(2026, 0, 1) });
  const sink = new LineSink();
  let runner: DeckyRunner;
  beforeAll(async () => {
    runner = await startDeckyRunner({
      decky: persona.deckyName, persona, out: sink.out, strictMsgids: true, perIpMaxConnections: 256, maxConnections: 512, limits: { idleTimeoutMs: 1500 },
      listeners: allListeners(SERVICE_LIST),
    });
  }, 90_000);
  afterAll(() => runner.close());

  it('greets with the derived persona and logs only catalogued MSGIDs under hostile probes', async () => {
    for (const bound of runner.ports) {
      const smoke = SERVICES[bound.service as keyof typeof SERVICES].smoke;
      if (smoke && bound.transport === 'tcp') expect(await probe(bound.port, bound.tls, smoke.send ?? '', false), bound.service).toContain(smoke.expect(persona));
    }
    for (const bound of runner.ports) {
      if (bound.transport === 'udp') await probeUdp(bound.port, PROBES);
      else await Promise.all(PROBES.flatMap((p) => [probe(bound.port, bound.tls, p, false), probe(bound.port, bound.tls, p, true)]));
    }
    await sink.waitFor(() => runner.activeSessions() === 0, 8000);
    expect(runner.unknownMsgids()).toEqual([]);
    const seen = sink.records();
    for (const r of seen) expect(msgidsFor(r.service)).toContain(r.eventType);
    expect(seen.filter((r) => r.eventType === 'error')).toEqual([]);
  }, 90_000);
});
