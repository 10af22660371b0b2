// UDP under startDeckyRunner on real dgram sockets: bound emit per source, the reply bound against
// amplification, oversized datagrams, per-source rate limiting with one report per window, a template
// throw ending only its datagram, the listener's bounded sends, unicast-only multicast reporting.
import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { DatagramListenerContext, UdpTemplate } from '../datagram';
import { derivePersona } from '../persona/derive';
import { startDeckyRunner, type DeckyRunner, type DeckyRunnerOptions } from './runner';
import { LineSink } from './test-harness';

const persona = derivePersona({ deckyName: 'decky-udp', archetype: 'domain-controller', nowMs: Date.UTC(2026, 0, 10) });
let lastListener: DatagramListenerContext<unknown> | undefined;
let closedListeners = 0;

/** Echo over UDP: "big" asks for a 10x reply, "vouch" the same as protocol behaviour, "boom" throws. */
const udpEcho: UdpTemplate<Record<string, string>> = {
  name: 'llmnr',
  transport: 'udp',
  defaultPorts: [5355],
  configSchema: z.record(z.string(), z.string()),
  multicastGroups: () => ['224.0.0.252'],
  createDatagramListener(lctx) {
    lastListener = lctx;
    return {
      onDatagram(msg, ctx) {
        const text = Buffer.from(msg).toString('latin1');
        if (text === 'boom') throw new Error('template bug');
        ctx.emit('query', { name: text.slice(0, 40), proto: 'test' });
        const big = new Uint8Array(msg.length * 10).fill(0x41);
        const ok = text === 'big' ? ctx.reply(big) : text === 'vouch' ? ctx.reply(big, { protocolBehaviour: true }) : ctx.reply(msg);
        if (!ok) ctx.emit('raw_packet', { error: 'reply_refused' });
      },
      close() {
        closedListeners++;
      },
    };
  },
};

const running: DeckyRunner[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) await r.close();
  for (const s of sockets.splice(0)) s.close();
});

async function start(over: Partial<DeckyRunnerOptions> = {}): Promise<{ runner: DeckyRunner; sink: LineSink; port: number }> {
  const sink = new LineSink();
  const runner = await startDeckyRunner({ decky: 'decky-udp', persona, strictMsgids: true, listeners: [{ service: 'llmnr', template: udpEcho, host: '127.0.0.1', port: 0 }], out: sink.out, ...over });
  running.push(runner);
  return { runner, sink, port: runner.ports[0]?.port ?? 0 };
}

async function client(): Promise<{ sock: Socket; got: Buffer[]; send(text: string | Buffer, port: number): void }> {
  const sock = createSocket('udp4');
  sockets.push(sock);
  const got: Buffer[] = [];
  sock.on('message', (m) => got.push(m));
  await new Promise<void>((ok) => sock.bind(0, '127.0.0.1', ok));
  return { sock, got, send: (text, port) => sock.send(typeof text === 'string' ? Buffer.from(text) : text, port, '127.0.0.1') };
}

describe('UDP listeners under the runner', () => {
  it('reports the UDP listener, answers within the reply bound and binds events to the source', async () => {
    const { runner, sink, port } = await start();
    expect(runner.ports[0]).toMatchObject({ service: 'llmnr', transport: 'udp', tls: false });
    const startup = sink.of('startup', 'llmnr')[0]!;
    expect(startup.fields).toMatchObject({ transport: 'udp', unicast_only: 'bound to unicast address 127.0.0.1' });
    const c = await client();
    c.send('hello', port);
    c.send('big', port);
    c.send('vouch', port);
    await sink.waitFor((r) => r.filter((x) => x.eventType === 'query').length === 3 && c.got.length === 2);
    expect(c.got.map((b) => b.length).sort((a, b) => a - b)).toEqual([5, 50]);
    expect(sink.of('raw_packet')[0]?.fields['error']).toBe('reply_refused');
    const q = sink.of('query');
    const cport = c.sock.address().port;
    for (const r of q) expect(r.fields).toMatchObject({ src_ip: '127.0.0.1', src_port: String(cport), session_id: q[0]!.fields['session_id'] });
  });

  it('drops oversized datagrams with one event, and a throwing template ends only its datagram', async () => {
    const { sink, port } = await start({ datagramLimits: { maxDatagramBytes: 64 } });
    const c = await client();
    c.send(Buffer.alloc(200, 0x42), port);
    c.send('boom', port);
    c.send('after', port);
    await sink.waitFor((r) => r.some((x) => x.eventType === 'query' && x.fields['name'] === 'after'));
    expect(sink.of('oversized_input')[0]?.fields).toMatchObject({ what: 'datagram', size_bytes: '200', limit_bytes: '64' });
    expect(sink.of('error')[0]?.fields).toMatchObject({ stage: 'datagram', error: 'template bug' });
  });

  it('rate limits per source with one rate_limited line per window', async () => {
    const { sink, port } = await start({ datagramLimits: { perSourcePerSecond: 0.001, perSourceBurst: 5 } });
    const c = await client();
    for (let i = 0; i < 50; i++) c.send(`q${i}`, port);
    c.send('last', port);
    // The burst of 5 is handled; the rest, including 'last', are refused with one report.
    await sink.waitFor((r) => r.some((x) => x.eventType === 'rate_limited'));
    expect(sink.of('query').length).toBe(5);
    expect(sink.of('rate_limited')).toHaveLength(1);
    expect(sink.of('rate_limited')[0]!.fields).toMatchObject({ limit: 'per_source_rate', transport: 'udp' });
  });

  it('lets the listener send bounded datagrams from its own socket and closes it on shutdown', async () => {
    const { runner, port } = await start({ datagramLimits: { maxSendBytes: 16, sendPerMinute: 3 } });
    const c = await client();
    const to = { ip: '127.0.0.1', port: c.sock.address().port };
    const l = lastListener!;
    expect(l.local.port).toBe(port);
    expect(l.sendDatagram(to, new Uint8Array(17))).toBe(false);
    const sent = [1, 2, 3, 4, 5].map((i) => l.sendDatagram(to, Uint8Array.of(i)));
    expect(sent).toEqual([true, true, true, false, false]);
    const before = closedListeners;
    await runner.close();
    expect(closedListeners).toBe(before + 1);
    expect(l.sendDatagram(to, Uint8Array.of(9))).toBe(false);
  });
});
