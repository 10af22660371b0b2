// SIP parsing and answering properties: compact forms, folding and bodies parse exactly; random,
// truncated and oversized input never throws; an unverified UDP answer never exceeds 3x its request;
// TCP framing gives the same messages however the stream is split and pongs CRLF keep-alives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { examplePersona, startSession } from '../_testing';
import { sipConfigSchema } from './config';
import { hashcatLine, NonceBook, parseDigest } from './digest';
import { handleSip, type SipEnv } from './handler';
import { sipTemplate } from './index';
import { header, MAX_HEADER_BYTES, parseDatagram, SipTcpFramer } from './parser';

const OPTIONS = 'OPTIONS sip:100@10.0.0.5 SIP/2.0\r\nv: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bK1;rport\r\nf: <sip:a@b>;tag=1\r\nt: <sip:100@10.0.0.5>\r\ni: abc@10.0.0.9\r\nCSeq: 1 OPTIONS\r\nUser-Agent: friendly-scanner\r\n  v0.1\r\nl: 0\r\n\r\n';
const INVITE = 'INVITE sip:900441234@10.0.0.5 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.9;branch=z9hG4bK2\r\nFrom: "x" <sip:100@10.0.0.5>;tag=9\r\nTo: <sip:900441234@10.0.0.5>\r\nCall-ID: c2\r\nCSeq: 1 INVITE\r\nContent-Type: application/sdp\r\nContent-Length: 10\r\n\r\nv=0\r\no=- 1\r\n';
const env = (persona = examplePersona()): SipEnv => ({
  persona: { userAgent: 'Asterisk PBX 20.7.0', realm: 'asterisk', stack: 'pjsip', product: 'asterisk' }, config: sipConfigSchema.parse({}), nonces: new NonceBook(),
  transport: 'udp', src: { ip: '198.51.100.9', port: 5062 }, dst: { ip: persona.shell.ip ?? '10.0.0.5', port: 5060 }, nowMs: Date.UTC(2026, 0, 1),
});

describe('sip parser', () => {
  it('expands compact headers, unfolds continuation lines and reads the body by Content-Length', () => {
    const o = parseDatagram(Buffer.from(OPTIONS));
    expect(o.ok && [o.msg.method, header(o.msg, 'call-id'), header(o.msg, 'via'), header(o.msg, 'user-agent')]).toEqual(['OPTIONS', 'abc@10.0.0.9', 'SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bK1;rport', 'friendly-scanner v0.1']);
    const i = parseDatagram(Buffer.from(INVITE));
    expect(i.ok && i.msg.body.toString()).toBe('v=0\r\no=- 1');
    expect(parseDatagram(Buffer.from(INVITE.replace('Content-Length: 10', 'Content-Length: 999')))).toEqual({ ok: false, error: 'truncated_body' });
    expect(parseDatagram(Buffer.from('GET / HTTP/1.0\r\n\r\n'))).toEqual({ ok: false, error: 'bad_start_line' });
  });

  it('parses Digest credentials and writes the hashcat -m 11400 line', () => {
    const d = parseDigest('Digest username="100", realm="asterisk", nonce="1/ab", uri="sip:10.0.0.5:5060", response="0123", algorithm=MD5, cnonce="cc", qop=auth, nc=00000001')!;
    expect(d).toMatchObject({ username: '100', realm: 'asterisk', nonce: '1/ab', uri: 'sip:10.0.0.5:5060', qop: 'auth', nc: '00000001', cnonce: 'cc' });
    expect(hashcatLine(d, 'REGISTER', '10.0.0.5', '10.0.0.9')).toBe('$sip$*10.0.0.5*10.0.0.9*100*asterisk*REGISTER*sip*10.0.0.5:5060**1/ab*cc*00000001*auth*MD5*0123');
    expect(parseDigest('Basic YWxhZGRpbjpvcGVuc2VzYW1l')).toBeUndefined();
  });

  it('answers OPTIONS 200 with rport/received, INVITE 401 with a fresh nonce each time, garbage not at all', () => {
    const e = env();
    const o = handleSip(parseDatagram(Buffer.from(OPTIONS)), e);
    expect(o.reply).toMatch(/^SIP\/2\.0 200 OK\r\nVia: SIP\/2\.0\/UDP 10\.0\.0\.9:5060;branch=z9hG4bK1;rport=5062;received=198\.51\.100\.9\r\n/);
    expect(o.reply).toContain('\r\nServer: Asterisk PBX 20.7.0\r\nContent-Length:  0\r\n\r\n');
    const a = handleSip(parseDatagram(Buffer.from(INVITE)), e).reply!;
    const b = handleSip(parseDatagram(Buffer.from(INVITE)), e).reply!;
    const nonce = (s: string): string => /nonce="([^"]+)"/.exec(s)![1]!;
    expect(a).toMatch(/^SIP\/2\.0 401 Unauthorized\r\n/);
    expect(nonce(a)).not.toBe(nonce(b));
    expect(handleSip(parseDatagram(Buffer.from('\x16\x03\x01garbage')), e)).toEqual({ events: [{ msgid: 'parse_error', fields: { error: 'no_header_end', transport: 'udp' } }] });
    expect(handleSip(parseDatagram(Buffer.from(INVITE.replace('INVITE sip', 'FOO sip').replace('1 INVITE', '1 FOO'))), e).reply).toMatch(/^SIP\/2\.0 501 Not Implemented/);
  });

  it('never throws on random, mutated or truncated input and never answers with more than 3x the request', () => {
    const e = env();
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 1500 }),
          fc.tuple(fc.constantFrom(OPTIONS, INVITE), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat()).map(([s, muts, cut]) => {
            const c = Buffer.from(s);
            for (const [i, v] of muts) c[i % c.length] = v;
            return c.subarray(0, c.length - (cut % 40));
          }),
        ),
        (msg) => {
          const r = handleSip(parseDatagram(msg), e, 3 * msg.length);
          if (r.reply) expect(r.reply.length).toBeLessThanOrEqual(3 * msg.length);
          expect(r.events).toHaveLength(1);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('sip tcp framing', () => {
  const stream = Buffer.from(`\r\n\r\n${OPTIONS}${INVITE}`);

  it('frames the same messages however the stream is split', () => {
    const whole = new SipTcpFramer();
    whole.push(stream);
    const expected = [whole.next(), whole.next(), whole.next()];
    expect(expected.map((f) => f?.kind)).toEqual(['keepalive', 'message', 'message']);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: stream.length }), { maxLength: 12 }), (cuts) => {
        const p = new SipTcpFramer();
        const got = [];
        let prev = 0;
        for (const c of [...[...new Set(cuts)].sort((a, b) => a - b), stream.length]) {
          p.push(stream.subarray(prev, c));
          prev = c;
          for (let f = p.next(); f; f = p.next()) got.push(f);
        }
        expect(got.filter((f) => f.kind === 'message')).toEqual(expected.slice(1));
      }),
      { numRuns: 300 },
    );
  });

  it('reports oversized headers and bodies without buffering them', () => {
    const p = new SipTcpFramer();
    p.push(Buffer.alloc(MAX_HEADER_BYTES + 10, 0x41));
    expect(p.next()).toEqual({ kind: 'too_large', what: 'headers', size: MAX_HEADER_BYTES + 10 });
    expect(p.buffered).toBe(0);
    const q = new SipTcpFramer();
    q.push(Buffer.from('INVITE sip:a SIP/2.0\r\nContent-Length: 99999999\r\n\r\n'));
    expect(q.next()).toMatchObject({ kind: 'too_large', what: 'body' });
  });

  it('answers messages sent a byte at a time over one connection, and pongs keep-alives', async () => {
    const { peer, ctx } = startSession(sipTemplate, { persona: examplePersona() });
    for (const b of stream) peer.send(Uint8Array.of(b));
    await peer.until(/SIP\/2\.0 401 Unauthorized\r\n[\s\S]*Content-Length: +0\r\n\r\n$/);
    expect(peer.text.startsWith('\r\nSIP/2.0 200 OK\r\n')).toBe(true);
    expect(ctx.eventsOf('request').map((r) => [r.fields.method, r.fields.status, r.fields.transport])).toEqual([['OPTIONS', 200, 'tcp'], ['INVITE', 401, 'tcp']]);
  });

  it('survives random TCP input with only catalogued events', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 600 }), { maxLength: 8 }), async (chunks) => {
        const s = startSession(sipTemplate, { persona: examplePersona() });
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
