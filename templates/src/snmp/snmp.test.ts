// snmp under the real runner on loopback with net-snmp's own clients (Debian `snmp`): snmpget and
// snmpwalk -v1 (GetNext) / -v2c (GetBulk) with the right community, a wrong community timing out,
// v3 discovery ending in "Unknown user name", and nmap -sU -sV / snmp-sysdescr naming the agent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchetypeSlug, DistroSlug } from '@decnet/protocol';
import { derivePersona } from '../persona/derive';
import { hasBinary, runCli } from '../_testing';
import { startDeckyRunner, type DeckyRunner } from '../runner/runner';
import { LineSink } from '../runner/test-harness';
import type { Persona } from '../persona/types';
import { snmpTemplate } from './index';

// The runner answers from the wall clock, so personas are derived for now (boot 1 to 60 days ago).
const NOW = Date.now();

async function start(persona: Persona, sink: LineSink, config: Record<string, string> = {}, burst?: number, at = { host: '127.0.0.1', port: 0 }): Promise<{ runner: DeckyRunner; target: string }> {
  const runner = await startDeckyRunner({
    decky: persona.deckyName, persona, out: sink.out, strictMsgids: true,
    // A whole-MIB walk is hundreds of requests: past the default per-source burst (20/s, 40), where
    // the runner drops them and the client times out. Raised only where a test walks everything.
    ...(burst ? { datagramLimits: { perSourceBurst: burst, perSourcePerSecond: burst } } : {}),
    listeners: [{ service: 'snmp', template: snmpTemplate, host: at.host, port: at.port, servicePort: 161, config }],
  });
  return { runner, target: `${at.host}:${runner.ports[0]!.port}` };
}

// net-snmp's first client run on a machine creates its state directory and says so on stderr
// ("Created directory: /var/lib/snmp/cert_indexes"), in whichever test runs a client first.
const FIRST_RUN_NOTICE = /^Created directory: .*\n/gm;
const snmp = (cmd: string, args: string[]): Promise<{ out: string; err: string; code: number | null }> =>
  runCli(cmd, ['-t', '1', '-r', '0', '-On', ...args], { timeoutMs: 30_000 }).then((r) => ({ out: r.stdout, err: r.stderr.replace(FIRST_RUN_NOTICE, ''), code: r.code }));

function persona(name: string, archetype: ArchetypeSlug, distro?: DistroSlug): Persona {
  return derivePersona({ deckyName: name, archetype, ...(distro ? { distro } : {}), nowMs: NOW });
}

describe.runIf(hasBinary('snmpget'))('snmp with net-snmp clients (Linux monitoring node)', () => {
  const p = persona('mon-snmp', 'monitoring-node', 'debian');
  const sink = new LineSink();
  let runner: DeckyRunner;
  let target: string;
  beforeAll(async () => {
    ({ runner, target } = await start(p, sink, { community: 'public, n0c-ro' }, 2000));
  });
  afterAll(() => runner.close());

  it('snmpget -v2c returns the persona system group and a running sysUpTime', async () => {
    const r = await snmp('snmpget', ['-v2c', '-c', 'public', target, '1.3.6.1.2.1.1.1.0', '1.3.6.1.2.1.1.5.0', '1.3.6.1.2.1.1.2.0', '1.3.6.1.2.1.1.3.0']);
    expect(r.err).toBe('');
    expect(r.out).toContain(`.1.3.6.1.2.1.1.1.0 = STRING: "Linux ${p.hostname} ${p.shell.kernelRelease} ${p.shell.kernelVersion} x86_64"`);
    expect(r.out).toContain(`.1.3.6.1.2.1.1.5.0 = STRING: "${p.hostname}"`);
    expect(r.out).toContain('.1.3.6.1.2.1.1.2.0 = OID: .1.3.6.1.4.1.8072.3.2.10');
    const ticks = Number(/1\.3\.0 = Timeticks: \((\d+)\)/.exec(r.out)?.[1]);
    expect(ticks).toBeGreaterThan((Date.now() - p.shell.bootedAtMs) / 10 - 100 * 60);
    const ev = (await sink.waitFor((rs) => rs.some((x) => x.eventType === 'get_request'))).find((x) => x.eventType === 'get_request')!;
    expect(ev.fields).toMatchObject({
      version: 'v2c', community: 'public', pdu: 'get', oid_count: '4', answered: '1', principal: 'public', secret_kind: 'snmp_community',
      secret_printable: 'public', outcome: 'success', src_ip: '127.0.0.1',
    });
    expect(ev.fields['oids']).toBe('1.3.6.1.2.1.1.1.0,1.3.6.1.2.1.1.5.0,1.3.6.1.2.1.1.2.0,1.3.6.1.2.1.1.3.0');
  });

  it('a missing instance is noSuchInstance (v2c) and noSuchName (v1)', async () => {
    const v2 = await snmp('snmpget', ['-v2c', '-c', 'public', target, '1.3.6.1.2.1.1.1.7', '1.3.6.1.4.1.99999.1.0']);
    expect(v2.out).toContain('No Such Instance currently exists at this OID');
    expect(v2.out).toContain('No Such Object available on this agent at this OID');
    const v1 = await snmp('snmpget', ['-v1', '-c', 'public', target, '1.3.6.1.2.1.1.1.7']);
    expect(`${v1.out}${v1.err}`).toContain('There is no such variable name in this MIB');
  });

  it('snmpwalk -v1 (GetNext) walks the system group, the second community works too', async () => {
    const r = await snmp('snmpwalk', ['-v1', '-c', 'n0c-ro', target, '1.3.6.1.2.1.1']);
    expect(r.err).toBe('');
    expect(r.out.trim().split('\n').map((l) => l.split(' ')[0])).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((i) => `.1.3.6.1.2.1.1.${i}.0`));
    expect(r.out).toContain(`STRING: "${p.services.snmp.sysLocation}"`);
  });

  it('snmpbulkwalk -v2c (GetBulk) of hrSWRunName lists the persona ps table, snmpd and sshd included', async () => {
    const r = await snmp('snmpbulkwalk', ['-v2c', '-c', 'public', target, '1.3.6.1.2.1.25.4.2.1.2']);
    expect(r.err).toBe('');
    const names = [...r.out.matchAll(/STRING: "([^"]*)"/g)].map((m) => m[1]);
    expect(names).toContain('snmpd');
    expect(names).toContain('sshd');
    expect(names).toContain('systemd');
    expect(names.length).toBeGreaterThan(30);
    const bulk = sink.of('get_request').filter((x) => x.fields['pdu'] === 'getbulk');
    expect(bulk.length).toBeGreaterThan(1);
    expect(bulk.every((x) => x.fields['answered'] === '1')).toBe(true);
  });

  it('a whole -v2c walk of mib-2 ends at the end of the MIB view, OIDs increasing, interfaces from the persona address', async () => {
    // snmpwalk would use one GetNext per object: past the runner's per-source burst. Bulk, as tools do.
    const r = await snmp('snmpbulkwalk', ['-v2c', '-c', 'public', '-Cr25', target, '1.3.6.1.2.1']);
    expect(r.err).toBe('');
    expect(r.out).toContain(`.1.3.6.1.2.1.4.20.1.1.${p.shell.ip} = IpAddress: ${p.shell.ip}`);
    expect(r.out).toContain(`.1.3.6.1.2.1.2.2.1.2.2 = STRING: "${p.shell.iface}"`);
    expect(r.out).toContain('.1.3.6.1.2.1.25.2.3.1.3.1 = STRING: "Physical memory"');
    expect(r.out).toMatch(/\.1\.3\.6\.1\.2\.1\.25\.2\.3\.1\.3\.3\d = STRING: "\/"/);
    expect(r.out.split('\n').length).toBeGreaterThan(400);
    // Every answer stayed within the runner's amplification bound or the small vouched-for bound.
    expect(sink.of('error')).toEqual([]);
  });

  it('a wrong community gets no answer (timeout) and is logged as a failed snmp_community credential', async () => {
    const r = await snmp('snmpget', ['-v2c', '-c', 'private', target, '1.3.6.1.2.1.1.1.0']);
    expect(`${r.out}${r.err}`).toContain('Timeout: No Response from');
    const ev = (await sink.waitFor((rs) => rs.some((x) => x.fields['community'] === 'private'))).find((x) => x.fields['community'] === 'private')!;
    expect(ev.fields).toMatchObject({ answered: '0', outcome: 'failure', secret_kind: 'snmp_community', principal: 'private' });
  });

  it('v3: discovery is answered with a net-snmp report and the user is unknown', async () => {
    const r = await snmp('snmpget', ['-v3', '-u', 'admin', '-l', 'noAuthNoPriv', target, '1.3.6.1.2.1.1.1.0']);
    expect(`${r.out}${r.err}`).toContain('Unknown user name');
    const v3 = sink.of('get_request').filter((x) => x.fields['version'] === 'v3');
    expect(v3.map((x) => x.fields['report'])).toEqual(expect.arrayContaining(['unknown_engine_id', 'unknown_user']));
    expect(v3.find((x) => x.fields['report'] === 'unknown_user')!.fields['principal']).toBe('admin');
    expect(runner.unknownMsgids()).toEqual([]);
  });

  it.runIf(hasBinary('nmap'))('nmap -sU -sV names net-snmp, and snmp-sysdescr prints the persona sysDescr', async (t) => {
    // On the real port (a loopback address of its own; root, or skipped), nmap sends its SNMP probes
    // first and stops at the match; on any other port -sV walks every UDP probe (minutes).
    const own = await start(p, new LineSink(), { community: 'public' }, undefined, { host: '127.1.61.1', port: 161 }).catch(() => undefined);
    if (!own) return t.skip();
    try {
      // One run: -sV names the service, and snmp-sysdescr runs on a port -sV named snmp.
      const sd = await runCli('nmap', ['-sU', '-sV', '-Pn', '-n', '-p', '161', '--script', 'snmp-sysdescr', '127.1.61.1'], { timeoutMs: 120_000 });
      const line = sd.stdout.split('\n').find((l) => l.startsWith('161/udp')) ?? sd.stdout;
      console.info(`nmap: ${line}`);
      console.info(`nmap scripts: ${sd.stdout.split('\n').filter((l) => l.startsWith('|')).join(' / ')}`);
      expect(line).toMatch(/open\s+snmp\s+SNMPv1 server; net-snmp SNMPv3 server \(public\)/);
      expect(sd.stdout).toContain(`Linux ${p.hostname} ${p.shell.kernelRelease}`);
      expect(sd.stdout).toMatch(/System uptime: \d{1,2}d\d+h\d+m/);
      expect(sd.stdout).toContain("enterprise: net-snmp");
    } finally {
      await own.runner.close();
    }
  }, 150_000);
});

describe.runIf(hasBinary('snmpget'))('snmp on other personas', () => {
  it('a Windows server answers v1/v2c with the Windows sysDescr and drops v3 like the Windows SNMP service', async () => {
    const p = persona('win-snmp', 'windows-server');
    const sink = new LineSink();
    const { runner, target } = await start(p, sink);
    try {
      const r = await snmp('snmpget', ['-v1', '-c', 'public', target, '1.3.6.1.2.1.1.1.0']);
      expect(r.out).toContain(`Software: Windows Version 6.3 (Build ${p.windows!.build} Multiprocessor Free)`);
      const v3 = await snmp('snmpget', ['-v3', '-u', 'admin', '-l', 'noAuthNoPriv', target, '1.3.6.1.2.1.1.1.0']);
      expect(`${v3.out}${v3.err}`).toMatch(/Timeout|No Response/);
      const walk = await snmp('snmpbulkwalk', ['-v2c', '-c', 'public', target, '1.3.6.1.2.1.25.4.2.1.2']);
      expect(walk.out).toContain('"lsass.exe"');
    } finally {
      await runner.close();
    }
  });

  it('a printer answers with its JetDirect or Brother NC string and vendor sysObjectID', async () => {
    const p = persona('prn-snmp', 'printer');
    const sink = new LineSink();
    const { runner, target } = await start(p, sink);
    try {
      const r = await snmp('snmpget', ['-v2c', '-c', 'public', target, '1.3.6.1.2.1.1.1.0', '1.3.6.1.2.1.1.2.0']);
      expect(r.out).toMatch(/STRING: "(HP ETHERNET MULTI-ENVIRONMENT|Brother NC-)/);
      expect(r.out).toMatch(/OID: \.1\.3\.6\.1\.4\.1\.(11|2435)\./);
      expect(r.out).toContain(p.services.snmp.sysDescr);
    } finally {
      await runner.close();
    }
  });
});
