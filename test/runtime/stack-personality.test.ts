// Stack personality on the docker runtime against a real dockerd and nmap: seven deckies (Windows Server,
// Windows 10, an Ubuntu 20.04 web server, FreeBSD, a Raspberry Pi IoT device, a Cisco router, an HP
// printer) on a macvlan; one `nmap -O --osscan-guess` from the host's side of the parent names each
// persona's OS (Linux: its kernel era) first; teardown leaves nothing; a restart restores it.
// Needs root; only touches 10.198.7.0/24 on its own veth (index 7).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { STACK_PROFILES, type DeckySpec, type StackProfileId } from '@decnet/protocol';
import { derivePersona, stackProfileOf } from '@decnet/templates';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerRuntime } from '../../host-agent/src/runtime/docker/index';
import { ensureDocker, ensureTemplateImage, TEST_IMAGE, vethDown, vethUp, type TestNet } from '../../scripts/docker/test-env';

const run = promisify(execFile);
const LABEL = 'decnet-sp';
const NETWORK = 'decnet_sp';
const skip = process.getuid?.() !== 0 ? 'needs root (veth, dockerd, nsenter)' : await ensureDocker();
if (skip) console.warn(`stack personality e2e SKIPPED: ${skip}`);

const DECKIES: DeckySpec[] = [
  { name: 'sp-winsrv', archetype: 'windows-server', services: ['smb', 'rdp'], serviceConfig: {} },
  { name: 'sp-win10', archetype: 'windows-workstation', services: ['smb', 'rdp'], serviceConfig: {} },
  // Seeded to Ubuntu 20.04 (kernel 5.4): a Linux era the host's kernel is not.
  { name: 'sp-web', archetype: 'web-server', services: ['http', 'ftp'], serviceConfig: {} },
  { name: 'sp-bsd', archetype: 'file-server', nmapOs: 'bsd', services: ['ssh', 'ftp'], serviceConfig: {} },
  { name: 'sp-iot', archetype: 'iot-device', services: ['telnet', 'mqtt'], serviceConfig: {} },
  { name: 'sp-router', archetype: 'monitoring-node', nmapOs: 'cisco', services: ['ssh', 'telnet'], serviceConfig: {} },
  { name: 'sp-printer', archetype: 'printer', services: ['ftp', 'snmp'], serviceConfig: {} },
];
const PORTS = '1,21,22,23,80,445,1883,3389';
/** One port per decky that its services open (nmap -O needs an open and a closed port). */
const OPEN: Record<string, number> = { 'sp-winsrv': 445, 'sp-win10': 445, 'sp-web': 80, 'sp-bsd': 22, 'sp-iot': 23, 'sp-router': 22, 'sp-printer': 21 };
const profileOf = (d: DeckySpec): StackProfileId => stackProfileOf(derivePersona({ deckyName: d.name, archetype: d.archetype, nmapOs: d.nmapOs, services: d.services }));

interface OsMatch {
  name: string;
  accuracy: number;
  classes: Array<{ type: string; vendor: string; osfamily: string; osgen: string }>;
}

const linuxGen = (gen: string) => (m: OsMatch): boolean => m.classes.some((c) => c.osfamily === 'Linux' && c.osgen === gen);
/** The first guess names the persona's OS; a Linux one its kernel era (nmap 7.93 knows none after 5.6). */
const NAMES_PROFILE: Record<StackProfileId, (m: OsMatch) => boolean> = {
  'windows-10-1607': (m) => /^Microsoft Windows (10|11)\b/.test(m.name),
  'windows-10-1709': (m) => /^Microsoft Windows (10|11)\b/.test(m.name),
  'windows-server-2016': (m) => /^Microsoft Windows Server/.test(m.name),
  'freebsd-11': (m) => m.classes.some((c) => /BSD$/.test(c.osfamily)),
  'cisco-ios-15': (m) => m.classes.some((c) => c.vendor === 'Cisco'),
  'embedded-motorola-modem': (m) => m.classes.some((c) => c.osfamily === 'embedded' || !['general purpose'].includes(c.type)),
  'printer-hp-laserjet': (m) => m.classes.some((c) => c.vendor === 'HP' && /print/.test(c.type)),
  'linux-3.10': linuxGen('3.X'),
  'linux-4.4': linuxGen('4.X'),
  'linux-5.4': linuxGen('5.X'),
  'linux-5.6': linuxGen('5.X'),
};

let net: TestNet;
let rt: DockerRuntime;
let dataDir: string;
let hostMangleBefore = '';

const sh = async (cmd: string, args: string[]): Promise<string> => (await run(cmd, args, { timeout: 180_000, maxBuffer: 16 << 20 })).stdout;
const ipOf = (decky: string): Promise<string> => sh('docker', ['inspect', '-f', `{{(index .NetworkSettings.Networks "${NETWORK}").IPAddress}}`, `decnet-${decky}`]).then((s) => s.trim());
const relayPids = async (): Promise<string[]> => (await sh('pgrep', ['-f', 'decnet-nfq-relay-']).catch(() => '')).split('\n').filter(Boolean);

/** nmap -oX: per address, its osmatch list in nmap's order. */
function parseNmapXml(xml: string): Map<string, OsMatch[]> {
  const out = new Map<string, OsMatch[]>();
  for (const host of xml.split('<host ').slice(1)) {
    const addr = /<address addr="([\d.]+)" addrtype="ipv4"/.exec(host)?.[1];
    if (!addr) continue;
    const matches = [...host.matchAll(/<osmatch name="([^"]*)" accuracy="(\d+)"[^>]*>([\s\S]*?)<\/osmatch>/g)].map((m) => ({
      name: m[1]!,
      accuracy: Number(m[2]),
      classes: [...m[3]!.matchAll(/<osclass type="([^"]*)" vendor="([^"]*)" osfamily="([^"]*)"(?: osgen="([^"]*)")?/g)].map((c) => ({ type: c[1]!, vendor: c[2]!, osfamily: c[3]!, osgen: c[4] ?? '' })),
    }));
    out.set(addr, matches);
  }
  return out;
}

async function nmapOs(targets: string[]): Promise<Map<string, OsMatch[]>> {
  const xml = await sh('nmap', ['-n', '-Pn', '-O', '--osscan-guess', '--max-os-tries', '2', '-p', PORTS, '-oX', '-', ...targets]);
  return parseNmapXml(xml);
}

const accepts = (ip: string, port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = connect(port, ip, () => (s.destroy(), resolve(true))).on('error', () => resolve(false));
    s.setTimeout(1000, () => (s.destroy(), resolve(false)));
  });

/** The first bytes a service sends (after `send`, if given), bounded in time and size. */
const firstBytes = (ip: string, port: number, send?: string): Promise<string> =>
  new Promise((resolve) => {
    let got = '';
    const s = connect(port, ip, () => send && s.write(send));
    s.on('data', (b: Buffer) => {
      got += b.toString('latin1');
      if (got.length > 12) (s.destroy(), resolve(got.slice(0, 200)));
    });
    s.on('error', () => resolve(got)).on('close', () => resolve(got));
    s.setTimeout(5000, () => (s.destroy(), resolve(got)));
  });

async function until(cond: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const opts = (): ConstructorParameters<typeof DockerRuntime>[0] => ({ network: { name: NETWORK, parent: net.parent, subnet: net.subnet, ipRange: '10.198.7.64/26' }, image: TEST_IMAGE, dataDir, labelPrefix: LABEL, log: (m) => console.warn(`runtime: ${m}`) });

describe.skipIf(!!skip)('stack personality (docker runtime)', () => {
  beforeAll(async () => {
    await ensureTemplateImage();
    net = await vethUp(7);
    dataDir = mkdtempSync(join(tmpdir(), 'decnet-stack-'));
    hostMangleBefore = await sh('iptables-save', ['-t', 'mangle']).catch(() => '');
    rt = new DockerRuntime(opts());
    await rt.apply(DECKIES);
  });

  afterAll(async () => {
    await rt?.teardown().catch(() => undefined);
    await rt?.close();
    if (net) await vethDown(net);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('nmap -O names each persona\'s OS family as its first guess', async () => {
    expect(rt.report().map((r) => [r.name, r.state])).toEqual(DECKIES.map((d) => [d.name, 'running']));
    expect(DECKIES.map(profileOf)).toEqual(['windows-server-2016', 'windows-10-1709', 'linux-5.4', 'freebsd-11', 'linux-5.6', 'cisco-ios-15', 'printer-hp-laserjet']);
    expect(rt.personality!.status().filter((s) => s.running).map((s) => [s.decky, s.profile]).sort()).toEqual(DECKIES.map((d) => [d.name, profileOf(d)]).sort());
    const ips = Object.fromEntries(await Promise.all(DECKIES.map(async (d) => [d.name, await ipOf(d.name)] as const)));
    // The runner listens a moment after its container starts; OS detection without an open port guesses nothing.
    for (const d of DECKIES) await until(() => accepts(ips[d.name]!, OPEN[d.name]!), 120_000, `${d.name} port ${OPEN[d.name]}`);
    const t = Date.now();
    const found = await nmapOs(Object.values(ips));
    console.log(`stack personality: nmap -O over ${DECKIES.length} deckies in ${Date.now() - t} ms`);
    for (const d of DECKIES) {
      const profile = profileOf(d);
      const matches = found.get(ips[d.name]!) ?? [];
      console.log(`  ${d.name} (${profile}, row "${STACK_PROFILES[profile].nmapName}"): ${matches.slice(0, 3).map((m) => `${m.name} ${m.accuracy}%`).join(' | ') || 'no match'}`);
      expect(matches.length, `${d.name}: nmap gave no OS guess`).toBeGreaterThan(0);
      expect(NAMES_PROFILE[profile](matches[0]!), `${d.name} (${profile}) first guess: ${matches[0]!.name}`).toBe(true);
    }
    // Real connections still work through the rewritten handshakes.
    for (const d of DECKIES) expect(await accepts(ips[d.name]!, OPEN[d.name]!), d.name).toBe(true);
    // And carry data after them: the printer's 2 Hz SYN-ACK clock and the Ubuntu server's per-peer
    // offset clock sit behind the kernel's, so this host's PAWS check accepts what follows.
    expect(await firstBytes(ips['sp-printer']!, 21)).toMatch(/^220 /);
    expect(await firstBytes(ips['sp-web']!, 80, 'GET / HTTP/1.0\r\n\r\n')).toMatch(/^HTTP\/1\.[01] \d{3} /);
  }, 240_000);

  it('is back after a runtime restart (agent restart): relays and rules re-established', async () => {
    const ip = await ipOf('sp-win10');
    await rt.close();
    expect(await relayPids()).toEqual([]);
    // No relay: the rules' --queue-bypass lets the kernel's own answers through; nothing is blackholed.
    expect(await accepts(ip, 445)).toBe(true);
    rt = new DockerRuntime(opts());
    await rt.apply(DECKIES);
    await until(() => rt.personality!.status().filter((s) => s.running).length === DECKIES.length, 15_000, 'a relay per decky');
    await until(() => accepts(ip, 445), 120_000, 'sp-win10 port 445');
    const found = await nmapOs([ip]);
    expect(found.get(ip)?.[0]?.name ?? '').toMatch(/^Microsoft Windows (10|11)\b/);
    expect(rt.personality!.status().find((s) => s.decky === 'sp-win10')!.rewritten).toBeGreaterThan(0);
  }, 240_000);

  it('teardown leaves nothing behind: no relay, nothing in the host tables', async () => {
    await rt.teardown();
    expect(await relayPids()).toEqual([]);
    expect(rt.personality!.status()).toEqual([]);
    const after = await sh('iptables-save', ['-t', 'mangle']).catch(() => '');
    expect(after).not.toContain('DECNET-STACK');
    expect(after.replace(/^#.*\n/gm, '').replace(/\[\d+:\d+\]/g, '')).toBe(hostMangleBefore.replace(/^#.*\n/gm, '').replace(/\[\d+:\d+\]/g, ''));
  });
});
