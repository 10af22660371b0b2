// Capture on topology LANs: which host links the sniffer opens (the macvlan parent of each LAN), that
// a frame seen twice (on the DMZ and again on the inner LAN behind a forwarder) is used once, and, live
// when root, that a LAN built as the docker runtime builds an inner LAN (an addressless veth end as the
// parent of macvlan children in their own netns) shows child-to-child TCP to a sniffer on that link.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceEvent } from '@decnet/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkAlias, listLinks, type HostLink } from '../../runtime/docker/topology-links';
import { linkNames } from '../../runtime/docker/topology-plan';
import { readCaptureFile } from './capture-file';
import { bpfFor, topologyCaptureLinks } from './decky-addresses';
import { Sniffer } from './sniffer';
import { SnifferWorker } from './sniffer-worker';

const link = (ifname: string, alias: string | undefined, kind: string, up = true): HostLink => ({ ifname, alias, kind, lower: undefined, up });

describe('topology LAN capture links', () => {
  it('opens the macvlan parent of each of this runtime\'s LANs, not the veth peers nor others\' links', () => {
    const inner = linkNames('decnet', 'topo-1', 'lan-a');
    const dmz = linkNames('decnet', 'topo-1', 'dmz');
    const alias = (lan: string): string => linkAlias('decnet', { topologyId: 'topo-1', lan });
    const links = [
      link('eth0', undefined, 'ether' as string),
      link(inner.link, alias('lan-a'), 'veth'),
      link(inner.peer, alias('lan-a'), 'veth'),
      link(dmz.link, alias('dmz'), 'macvlan'),
      link(linkNames('other', 't', 'l').link, linkAlias('other', { topologyId: 't', lan: 'l' }), 'veth'),
      link(linkNames('decnet', 'topo-2', 'down').link, alias('down'), 'veth', false),
    ];
    expect(topologyCaptureLinks(links, 'decnet')).toEqual([inner.link, dmz.link]);
  });

  it('filters ICMPv6 in only when a decky has an IPv6 address', () => {
    expect(bpfFor(['10.0.0.2', '10.1.0.3'])).toBe('tcp and (host 10.0.0.2 or host 10.1.0.3)');
    expect(bpfFor(['10.0.0.2', 'fd00:e::1'])).toBe('(tcp and (host 10.0.0.2 or host fd00:e::1)) or icmp6');
    expect(bpfFor(['10.0.0.2; rm -rf /'])).toBeUndefined();
  });

  it('a connection captured on two links gives its events once', () => {
    const frames = readCaptureFile(readFileSync(join(__dirname, '../../../../test/vectors/sniffer/tls12-certificate.pcap')));
    const run = (copies: number): ServiceEvent[] => {
      const out: ServiceEvent[] = [];
      const s = new Sniffer((ip) => (ip === '127.77.0.9' ? 'web-1' : undefined), (e) => void out.push(e));
      for (const f of frames) for (let i = 0; i < copies; i++) s.onFrame(f.linkType, f.tsMs + i / 10, f.data);
      return out;
    };
    const once = run(1).map((e) => e.eventType);
    expect(once).toContain('tls_certificate');
    expect(once).toContain('tls_client_hello');
    expect(run(2).map((e) => e.eventType)).toEqual(once);
  });
});

let pcapProblem: string | undefined;
try {
  await import('pcap' as string);
} catch (e) {
  pcapProblem = `pcap addon not loadable: ${(e as Error).message}`;
}
const skip = process.getuid?.() !== 0 ? 'needs root for links, netns and capture' : pcapProblem;
if (skip) console.warn(`live topology LAN capture SKIPPED: ${skip}`);

describe.skipIf(Boolean(skip))('live capture on an inner LAN link', () => {
  const prefix = 'dsnft';
  const { link: lanLink, peer } = linkNames(prefix, 'tp', 'inner');
  const ns = ['dsnft-a', 'dsnft-b'];
  const ip = (...a: string[]): string => execFileSync('ip', a, { encoding: 'utf8' });
  const events: ServiceEvent[] = [];
  let worker: SnifferWorker;
  const cleanup = (): void => {
    for (const args of [...ns.map((n) => ['netns', 'del', n]), ['link', 'del', lanLink]]) {
      try {
        execFileSync('ip', args, { stdio: 'ignore' });
      } catch {
        // not there
      }
    }
  };

  beforeAll(async () => {
    cleanup(); // a previous run killed half-way
    ip('link', 'add', lanLink, 'type', 'veth', 'peer', 'name', peer);
    ip('link', 'set', 'dev', lanLink, 'alias', linkAlias(prefix, { topologyId: 'tp', lan: 'inner' }));
    ip('link', 'set', lanLink, 'up');
    ip('link', 'set', peer, 'up');
    ns.forEach((n, i) => {
      ip('netns', 'add', n);
      ip('link', 'add', `${n}-mv`, 'link', lanLink, 'type', 'macvlan', 'mode', 'bridge');
      ip('link', 'set', `${n}-mv`, 'netns', n);
      ip('-n', n, 'addr', 'add', `10.213.0.${i + 2}/24`, 'dev', `${n}-mv`);
      ip('-n', n, 'link', 'set', `${n}-mv`, 'up');
    });
    worker = new SnifferWorker({
      name: 'sniffer', fail: (e) => { throw e; }, log: () => undefined, refreshMs: 60_000,
      interfaces: async () => topologyCaptureLinks(await listLinks(), prefix),
      addresses: async () => new Map([['10.213.0.3', 'inner-decky']]), sink: async (b) => void events.push(...b),
    });
    await worker.start();
  });

  afterAll(async () => {
    await worker?.stop();
    cleanup();
  });

  it('sees one macvlan child connect to another on the LAN\'s parent link', async () => {
    expect(worker.health().message).toBe(`capturing on ${lanLink}`);
    // A "forwarder" (10.213.0.2) connects to the inner decky (10.213.0.3); nothing listens: SYN, RST.
    execFileSync('ip', ['netns', 'exec', ns[0]!, process.execPath, '-e', "require('net').connect(8443,'10.213.0.3').on('error',()=>{})"], { timeout: 10_000 });
    for (const end = Date.now() + 10_000; Date.now() < end && !events.length; ) await new Promise((r) => setTimeout(r, 100));
    expect(events.find((e) => e.eventType === 'tcp_syn_fingerprint')).toMatchObject({ decky: 'inner-decky', srcIp: '10.213.0.2', fields: { dst_port: '8443' } });
  }, 30_000);
});
