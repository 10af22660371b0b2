// dns parsing and answering properties: queries parse exactly; random, mutated and truncated
// messages never throw; an unverified UDP answer never exceeds 3x its query; TCP framing gives the
// same messages however the stream is split (byte at a time included) and refuses oversized frames.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeQuery } from '../_dns/dns-wire';
import { examplePersona, startSession } from '../_testing';
import { dnsConfigSchema } from './config';
import { dnsTemplate } from './index';
import { parseQuery, TcpFramer } from './parser';
import { dnsRuntime, serveQuery } from './serve-query';

const label = (s: string): Uint8Array => Buffer.from(s, 'ascii');
const persona = examplePersona();
const rt = dnsRuntime(persona, dnsConfigSchema.parse({ extra_records: Array.from({ length: 20 }, (_, i) => `big TXT ${'y'.repeat(200)}${i}`).join(';') }));
const domain = rt.env.zone.domain;

/** A query with an OPT record (RFC 6891) carrying the given options. */
function withOpt(q: Uint8Array, options: Array<[number, Uint8Array]> = [], udp = 1232, ttl = 0): Buffer {
  const b = Buffer.from(q);
  b.writeUInt16BE(1, 10);
  const opts = Buffer.concat(options.map(([c, d]) => Buffer.concat([Buffer.from([c >> 8, c & 0xff, d.length >> 8, d.length & 0xff]), d])));
  const opt = Buffer.alloc(11);
  opt.writeUInt16BE(41, 1);
  opt.writeUInt16BE(udp, 3);
  opt.writeUInt32BE(ttl, 5);
  opt.writeUInt16BE(opts.length, 9);
  return Buffer.concat([b, opt, opts]);
}

const nameQ = (name: string, qtype: number, qclass = 1, flags = 0x0100): Uint8Array => encodeQuery(0x1234, flags, name.split('.').map(label), qtype, qclass);

describe('dns parser', () => {
  it('parses a question with EDNS, NSID and COOKIE options', () => {
    const p = parseQuery(withOpt(nameQ('www.example.org', 1), [[3, new Uint8Array(0)], [10, new Uint8Array(8).fill(7)]], 4096, 0x8000));
    expect(p.kind).toBe('query');
    if (p.kind !== 'query') return;
    expect(p.questions.map((q) => [Buffer.from(q.labels[0]!).toString(), q.qtype, q.qclass])).toEqual([['www', 1, 1]]);
    expect(p.edns).toMatchObject({ udpSize: 4096, version: 0, do: true });
    expect(p.edns?.options.map((o) => [o.code, o.data.length])).toEqual([[3, 0], [10, 8]]);
  });

  it('tells runts, question errors, extra OPT records and absurd counts apart', () => {
    expect(parseQuery(new Uint8Array(7)).kind).toBe('runt');
    const loop = Buffer.from(nameQ('a', 1));
    loop[12] = 0xc0;
    loop[13] = 12;
    expect(parseQuery(loop)).toMatchObject({ kind: 'question_error', error: 'bad_pointer' });
    const two = withOpt(withOpt(nameQ('a', 1)));
    two.writeUInt16BE(2, 10);
    expect(parseQuery(two)).toMatchObject({ kind: 'malformed', error: 'bad_opt' });
    const many = Buffer.from(nameQ('a', 1));
    many.writeUInt16BE(9000, 8);
    expect(parseQuery(many)).toMatchObject({ kind: 'malformed', error: 'count_out_of_bounds' });
    const full = withOpt(nameQ('host.example.org', 16), [[10, new Uint8Array(8)]]);
    for (let n = 0; n < full.length; n++) expect(['runt', 'question_error', 'malformed']).toContain(parseQuery(full.subarray(0, n)).kind);
  });

  it('never throws on random or mutated messages, and never answers an unverified source with more than 3x its query', () => {
    const seeds = [nameQ(`www.${domain}`, 1), nameQ('version.bind', 16, 3), withOpt(nameQ(domain, 255)), withOpt(nameQ(`big.${domain}`, 16), [[10, new Uint8Array(8)]]), nameQ(domain, 252)];
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 700 }),
          fc.tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat()).map(([b, muts, cut]) => {
            const c = Buffer.from(b);
            for (const [i, v] of muts) c[i % c.length] = v;
            return c.subarray(0, c.length - (cut % 6));
          }),
        ),
        (msg) => {
          const events: string[] = [];
          const r = serveQuery(msg, 'udp', '198.51.100.7', rt, (m) => events.push(m), (o) => Math.min(o.clientMaxUdp, 1232, 3 * msg.length));
          if (r.bytes) expect(r.bytes.length).toBeLessThanOrEqual(Math.max(3 * msg.length, 12));
          expect(events.length).toBeGreaterThan(0);
          expect(events.length).toBeLessThanOrEqual(8);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('dns tcp framing', () => {
  const frame = (m: Uint8Array): Buffer => Buffer.concat([Buffer.from([m.length >> 8, m.length & 0xff]), m]);
  const stream = Buffer.concat([frame(nameQ(`www.${domain}`, 1)), frame(nameQ('version.bind', 16, 3)), frame(withOpt(nameQ(domain, 15)))]);

  it('frames the same messages however the stream is split', () => {
    const whole = new TcpFramer(4096);
    whole.push(stream);
    const expected: Buffer[] = [];
    for (let f = whole.next(); f?.kind === 'message'; f = whole.next()) expected.push(f.bytes);
    expect(expected).toHaveLength(3);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: stream.length }), { maxLength: 12 }), (cuts) => {
        const p = new TcpFramer(4096);
        const got: Buffer[] = [];
        let prev = 0;
        for (const c of [...[...new Set(cuts)].sort((a, b) => a - b), stream.length]) {
          p.push(stream.subarray(prev, c));
          prev = c;
          for (let f = p.next(); f?.kind === 'message'; f = p.next()) got.push(f.bytes);
        }
        expect(got).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('reports an oversized frame without buffering it and then stops', () => {
    const p = new TcpFramer(512);
    p.push(Buffer.from([0xff, 0xff, 1, 2, 3]));
    expect(p.next()).toEqual({ kind: 'too_large', size: 65535 });
    p.push(new Uint8Array(10_000));
    expect(p.next()).toBeUndefined();
    expect(p.buffered).toBe(0);
  });

  it('answers queries sent a byte at a time over one connection, in order', async () => {
    const { peer, ctx } = startSession(dnsTemplate, { persona });
    for (const b of stream) peer.send(Uint8Array.of(b));
    await peer.until(() => ctx.eventsOf('query').length === 3);
    expect(peer.text).toContain(rt.env.persona.version);
    expect(ctx.eventsOf('query').map((e) => [e.fields.qtype, e.fields.transport])).toEqual([['A', 'tcp'], ['TXT', 'tcp'], ['MX', 'tcp']]);
  });

  it('survives random TCP input with only catalogued events', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 }), async (chunks) => {
        const s = startSession(dnsTemplate, { persona });
        for (const c of chunks) s.peer.send(c);
        await new Promise((r) => setImmediate(r));
        expect(s.ctx.uncatalogued()).toEqual([]);
        expect(s.ctx.eventsOf('error')).toEqual([]);
        s.peer.stream.destroy();
      }),
      { numRuns: 60 },
    );
  });
});
