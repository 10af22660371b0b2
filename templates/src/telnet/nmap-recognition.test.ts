// nmap -sV names every telnetd flavour (issue 17): the first bytes each persona's telnetd sends hit an
// nmap NULL-probe line with a product, in ONE read (a read holding only the IACs left BusyBox
// unnamed); and real nmap names the IoT persona's BusyBox telnetd on five deckies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchetypeSlug, DistroSlug, OsFamily } from '@decnet/protocol';
import { firstNmapMatch, nmapMatchLines } from '../_testing/nmap-probes';
import { hasBinary, runCli } from '../_testing/cli';
import { derivePersona } from '../persona/derive';
import type { Persona } from '../persona/types';
import { startDeckyRunner, type DeckyRunner } from '../runner/runner';
import { createTestSession, LineSink } from '../runner/test-harness';
import type { TelnetConfig } from './config';
import { telnetTemplate } from './index';

const NOW = Date.UTC(2026, 2, 3);
const persona = (deckyName: string, archetype?: ArchetypeSlug, distro?: DistroSlug, nmapOs?: OsFamily): Persona =>
  derivePersona({ deckyName, archetype, distro, nmapOs, services: ['telnet'], nowMs: NOW });

// [persona, product nmap must name, hard match required]
const FLAVOURS: Array<[Persona, RegExp, boolean]> = [
  [persona('cam-7', 'iot-device'), /^BusyBox telnetd$/, true],
  [persona('lab-plc', 'industrial-control', 'debian'), /^BusyBox telnetd$/, true],
  [persona('prn-2', 'printer', 'debian'), /^BusyBox telnetd$/, true],
  [persona('edge-1', 'linux-server', 'alpine'), /^BusyBox telnetd$/, true],
  [persona('tn-1', 'linux-server', 'debian'), /^Linux telnetd$/, true],
  [persona('tn-2', 'linux-server', 'rocky9'), /^Linux telnetd$/, true],
  [persona('ws-3', 'windows-workstation'), /Microsoft Windows .*telnetd/, true],
  [persona('core-sw', undefined, undefined, 'cisco'), /Cisco/, false],
];

async function firstRead(p: Persona): Promise<Buffer> {
  const t = createTestSession<TelnetConfig>({ service: 'telnet', config: { auth_failure_delay_ms: 0 }, persona: p });
  const first = new Promise<Buffer>((resolve) => t.client.once('data', (d: Buffer) => resolve(d)));
  const handle = telnetTemplate.createSession(t.server, t.ctx);
  const got = await first;
  handle?.close?.('test done');
  return got;
}

const lines = nmapMatchLines('NULL');

describe('telnet and nmap -sV', () => {
  it.runIf(lines.length > 0).each(FLAVOURS.map(([p, product, hard]) => ({ name: `${p.deckyName} (${p.osFamily}/${p.distro})`, p, product, hard })))(
    'the first read of $name hits a NULL-probe line naming its product',
    async ({ p, product, hard }) => {
      const m = firstNmapMatch(lines, await firstRead(p));
      expect(m, 'no nmap line matches the first read').toBeDefined();
      expect(m!.service).toBe('telnet');
      expect(m!.product ?? '').toMatch(product);
      if (hard) expect(m!.soft, `only softmatch line ${m!.line}`).toBe(false);
    },
  );

  describe.runIf(hasBinary('nmap'))('real nmap', () => {
    // Port 23 on loopback addresses of their own (root, or skipped): nmap's NULL probe matches at once.
    // Five deckies of the persona scanned by one nmap: five independent detections for one probe-file load.
    const hosts = [1, 2, 3, 4, 5].map((i) => `127.61.8.${i}`);
    const iot = FLAVOURS[0]![0];
    let runner: DeckyRunner | undefined;
    beforeAll(async () => {
      runner = await startDeckyRunner({ decky: iot.deckyName, persona: iot, out: new LineSink().out, strictMsgids: true, listeners: hosts.map((host) => ({ service: 'telnet', template: telnetTemplate, host, port: 23, config: {} })) }).catch(() => undefined);
    });
    afterAll(async () => runner?.close());

    it('names the IoT persona BusyBox telnetd on five addresses', async (t) => {
      if (!runner) return t.skip();
      const r = await runCli('nmap', ['-sV', '-Pn', '-n', '-p', '23', ...hosts], { timeoutMs: 120_000 });
      const results = r.stdout.split('\n').filter((l) => l.startsWith('23/tcp'));
      console.info(`nmap -sV: ${JSON.stringify(results)}`);
      expect(results).toHaveLength(5);
      for (const line of results) expect(line).toMatch(/^23\/tcp\s+open\s+telnet\s+BusyBox telnetd/);
    }, 150_000);
  });
});
