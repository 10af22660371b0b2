// llmnr under the real runner on loopback: dig (LLMNR unicast, RFC 4795 §2.4; mDNS unicast to 5353)
// and nmblookup (NBNS) are logged and never answered; a Responder-like answerer (a dgram socket in this
// test that answers every LLMNR/NBNS query with its own address: Responder itself is on PyPI only,
// which this build cannot reach) is flagged as a poisoner when it answers the decky's probe names.
import { createSocket, type Socket } from 'node:dgram';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { derivePersona } from '../persona/derive';
import { hasBinary, runCli } from '../_testing';
import { startDeckyRunner, type DeckyRunner } from '../runner/runner';
import { LineSink } from '../runner/test-harness';
import { parseMessage } from '../_dns/dns-wire';
import { llmnrTemplate } from './index';

const persona = derivePersona({ deckyName: 'dc-llmnr', archetype: 'domain-controller', nowMs: Date.UTC(2026, 0, 10) });
const PORTS = [5355, 5353, 137];

async function startLlmnr(config: Record<string, string>, sink: LineSink): Promise<DeckyRunner> {
  return startDeckyRunner({
    decky: 'dc-llmnr', persona, out: sink.out, strictMsgids: true,
    listeners: PORTS.map((servicePort, i) => ({ service: 'llmnr', key: i ? `llmnr/${servicePort}` : 'llmnr', template: llmnrTemplate, host: '127.0.0.1', port: 0, servicePort, config })),
  });
}

const portOf = (r: DeckyRunner, key: string): number => r.ports.find((p) => p.key === key)!.port;

describe('llmnr with real clients', () => {
  const sink = new LineSink();
  let runner: DeckyRunner;
  beforeAll(async () => {
    runner = await startLlmnr({ probe_interval_s: '0' }, sink);
  });
  afterAll(() => runner.close());

  it('binds three UDP listeners, unicast only on a loopback address, and says so once each', () => {
    expect(runner.ports.map((p) => [p.key, p.transport])).toEqual([['llmnr', 'udp'], ['llmnr/5353', 'udp'], ['llmnr/137', 'udp']]);
    const startups = sink.of('startup', 'llmnr');
    expect(startups).toHaveLength(3);
    // LLMNR and mDNS would join their groups on a wildcard bind; NBNS has none (broadcast).
    expect(startups.map((s) => s.fields['unicast_only'])).toEqual(['bound to unicast address 127.0.0.1', 'bound to unicast address 127.0.0.1', undefined]);
  });

  it.runIf(hasBinary('dig'))('logs an LLMNR query from dig and never answers it', async () => {
    const res = await runCli('dig', ['-p', String(portOf(runner, 'llmnr')), '@127.0.0.1', 'fileserv01', 'A', '+tries=1', '+time=1']);
    expect(res.stdout).toMatch(/timed out|no servers could be reached/);
    const q = (await sink.waitFor((r) => r.some((x) => x.eventType === 'query' && x.fields['proto'] === 'llmnr'))).find((x) => x.eventType === 'query')!;
    expect(q.fields).toMatchObject({ name: 'fileserv01', qtype: '1', is_response: '0', src_ip: '127.0.0.1' });
  });

  it.runIf(hasBinary('dig'))('logs an mDNS query sent to 5353', async () => {
    await runCli('dig', ['-p', String(portOf(runner, 'llmnr/5353')), '@127.0.0.1', 'printer.local', 'AAAA', '+tries=1', '+time=1']);
    const recs = await sink.waitFor((r) => r.some((x) => x.eventType === 'query' && x.fields['proto'] === 'mdns'));
    expect(recs.find((x) => x.fields['proto'] === 'mdns')!.fields).toMatchObject({ name: 'printer.local', qtype: '28', is_response: '0' });
  });

  it.runIf(hasBinary('nmblookup'))('logs an NBNS name query from nmblookup (first-level decoded name)', async (t) => {
    // nmblookup always sends to port 137: an NBNS listener on a loopback address of its own, port 137
    // (root, or ip_unprivileged_port_start <= 137; skipped otherwise).
    const nbSink = new LineSink();
    const nb = await startDeckyRunner({
      decky: 'dc-llmnr', persona, out: nbSink.out, strictMsgids: true,
      listeners: [{ service: 'llmnr', template: llmnrTemplate, host: '127.77.13.7', port: 137, servicePort: 137, config: { probe_interval_s: '0' } }],
    }).catch(() => undefined);
    if (!nb) return t.skip();
    try {
      const res = await runCli('nmblookup', ['-U', '127.77.13.7', '--recursion', 'PRINTSRV#20'], { timeoutMs: 20_000 });
      expect(res.stdout).toContain('name_query failed to find name PRINTSRV');
      const recs = await nbSink.waitFor((r) => r.some((x) => x.eventType === 'query'));
      expect(recs.find((x) => x.eventType === 'query')!.fields).toMatchObject({ proto: 'nbns', name: 'PRINTSRV', suffix: '32', qtype: '32', is_response: '0', src_ip: '127.0.0.1' });
    } finally {
      await nb.close();
    }
  });

  it('logs answers nobody asked for and malformed packets with a bounded hex', async () => {
    const s = createSocket('udp4');
    await new Promise<void>((ok) => s.bind(0, '127.0.0.1', ok));
    const wpad = Buffer.from('12340000000100010000000004777061640000010001c00c000100010000001e00040a000063', 'hex');
    wpad.writeUInt16BE(0x8000, 2);
    s.send(wpad, portOf(runner, 'llmnr'), '127.0.0.1');
    s.send(Buffer.alloc(1000, 0xc0), portOf(runner, 'llmnr'), '127.0.0.1');
    const recs = await sink.waitFor((r) => r.some((x) => x.fields['unsolicited'] === '1') && r.some((x) => x.eventType === 'raw_packet'));
    s.close();
    expect(recs.find((x) => x.fields['unsolicited'] === '1')!.fields).toMatchObject({ name: 'wpad', answered: '10.0.0.99', is_response: '1', proto: 'llmnr' });
    const raw = recs.find((x) => x.eventType === 'raw_packet')!.fields;
    expect(raw).toMatchObject({ error: 'count_out_of_bounds', size_bytes: '1000' });
    expect(raw['data']!.length).toBe(256);
    expect(runner.unknownMsgids()).toEqual([]);
    expect(sink.of('error')).toEqual([]);
  });
});

describe('multicast on a wildcard bind (as in a docker decky netns)', () => {
  it.runIf(hasBinary('dig'))('joins 224.0.0.252 and logs a query dig sends to the LLMNR group', async (t) => {
    const sink = new LineSink();
    const runner = await startDeckyRunner({
      decky: 'dc-llmnr', persona, out: sink.out, strictMsgids: true,
      listeners: [{ service: 'llmnr', template: llmnrTemplate, host: '0.0.0.0', port: 0, servicePort: 5355, config: { probe_interval_s: '0' } }],
    });
    try {
      const startup = sink.of('startup', 'llmnr')[0]!;
      // Hosts without a multicast route cannot join: the listener stays unicast and says why.
      if (startup.fields['multicast'] === undefined) {
        expect(startup.fields['unicast_only']).toMatch(/^join failed/);
        return t.skip();
      }
      expect(startup.fields['multicast']).toBe('224.0.0.252');
      await runCli('dig', ['-p', String(runner.ports[0]!.port), '@224.0.0.252', 'sharepoint-old', '+tries=1', '+time=1']);
      const recs = await sink.waitFor((r) => r.some((x) => x.eventType === 'query'));
      expect(recs.find((x) => x.eventType === 'query')!.fields).toMatchObject({ name: 'sharepoint-old', proto: 'llmnr', is_response: '0' });
    } finally {
      await runner.close();
    }
  });
});

/** Stands in for Responder: answers every query it gets, for any name, with its own address. */
async function fakeResponder(proto: 'llmnr' | 'nbns'): Promise<Socket> {
  const s = createSocket('udp4');
  s.on('message', (msg, rinfo) => {
    const m = parseMessage(msg);
    if (m.header.response || m.questions.length === 0) return;
    const q = Buffer.from(msg);
    q.writeUInt16BE(proto === 'nbns' ? 0x8500 : 0x8000, 2);
    q.writeUInt16BE(1, 6);
    const rr = proto === 'nbns' ? [0xc0, 12, 0, 0x20, 0, 1, 0, 0, 0, 0xa5, 0, 6, 0, 0, 127, 0, 0, 1] : [0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 30, 0, 4, 127, 0, 0, 1];
    s.send(Buffer.concat([q, Buffer.from(rr)]), rinfo.port, rinfo.address);
  });
  await new Promise<void>((ok) => s.bind(0, '127.0.0.1', ok));
  return s;
}

describe('poisoner detection', () => {
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0)) await f();
  });

  it('flags a Responder-like answerer on LLMNR and NBNS as poisoning_detected with the answerer as src_ip', async () => {
    const llmnrResp = await fakeResponder('llmnr');
    const nbnsResp = await fakeResponder('nbns');
    cleanup.push(() => llmnrResp.close(), () => nbnsResp.close());
    const sink = new LineSink();
    const runner = await startLlmnr({ probe_interval_s: '0.05', probe_target_llmnr: `127.0.0.1:${llmnrResp.address().port}`, probe_target_nbns: `127.0.0.1:${nbnsResp.address().port}` }, sink);
    cleanup.push(() => runner.close());
    const recs = await sink.waitFor((r) => new Set(r.filter((x) => x.eventType === 'poisoning_detected').map((x) => x.fields['proto'])).size === 2);
    const names = persona.services.llmnr.probeNames.map((n) => n.toLowerCase());
    const l = recs.find((x) => x.eventType === 'poisoning_detected' && x.fields['proto'] === 'llmnr')!;
    expect(l.fields).toMatchObject({ poisoner: '1', answered: '127.0.0.1', src_ip: '127.0.0.1', src_port: String(llmnrResp.address().port), txid_match: '1' });
    expect(names).toContain(l.fields['name']!.toLowerCase());
    const n = recs.find((x) => x.eventType === 'poisoning_detected' && x.fields['proto'] === 'nbns')!;
    expect(n.fields).toMatchObject({ poisoner: '1', answered: '127.0.0.1', src_port: String(nbnsResp.address().port), suffix: '32' });
    expect(names).toContain(n.fields['name']!.toLowerCase());
    // The mDNS listener never probes, and nothing the responder sent was logged as an ordinary query.
    expect(recs.filter((x) => x.eventType === 'query')).toEqual([]);
  });

  it("seeds distinct probe names per decky, never the decky's own NetBIOS name", () => {
    const other = derivePersona({ deckyName: 'dc-other', archetype: 'domain-controller', nowMs: Date.UTC(2026, 0, 10) });
    expect(persona.services.llmnr.probeNames.length).toBeGreaterThanOrEqual(4);
    expect(other.services.llmnr.probeNames).not.toEqual(persona.services.llmnr.probeNames);
    expect(persona.services.llmnr.netbiosName).toMatch(/^[A-Z0-9-]{1,15}$/);
    expect(persona.services.llmnr.probeNames.map((n) => n.toUpperCase())).not.toContain(persona.services.llmnr.netbiosName);
  });
});
