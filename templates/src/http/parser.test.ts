// HTTP/1.1 parser (RFC 9112): request line, fields, Content-Length and chunked bodies, pipelining,
// the statuses real servers give malformed input, and property tests on splits and random bytes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HttpParser, type HttpEvent, type HttpLimits } from './parser';

const LIMITS: HttpLimits = { requestLineBytes: 8192, headerBytes: 32 * 1024, headerCount: 100, maxBodyBytes: 1 << 20, rejectClWithTe: false };

function events(input: string | Buffer, limits = LIMITS): HttpEvent[] {
  const p = new HttpParser(limits);
  p.push(typeof input === 'string' ? Buffer.from(input, 'latin1') : input);
  const out: HttpEvent[] = [];
  for (let e = p.next(); e; e = p.next()) out.push(e);
  return out;
}

/** Requests as [method, target, body] after merging body events. */
function requests(evs: HttpEvent[]): Array<[string, string, string]> {
  const out: Array<[string, string, string]> = [];
  let cur: [string, string, string] | undefined;
  for (const e of evs) {
    if (e.kind === 'head') cur = [e.head.method, e.head.target, ''];
    else if (e.kind === 'body' && cur) cur[2] += e.data.toString('latin1');
    else if (e.kind === 'end' && cur) out.push(cur);
  }
  return out;
}

const errorOf = (input: string, limits = LIMITS): number | undefined => {
  const e = events(input, limits).find((x) => x.kind === 'error');
  return e?.kind === 'error' ? e.status : undefined;
};

describe('http parser', () => {
  it('parses pipelined requests with Content-Length and chunked bodies', () => {
    const evs = events(
      'GET / HTTP/1.1\r\nHost: a\r\n\r\n' +
      'POST /login HTTP/1.1\r\nHost: a\r\nContent-Length: 7\r\n\r\nu=x&p=y' +
      'PUT /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n',
    );
    expect(requests(evs)).toEqual([['GET', '/', ''], ['POST', '/login', 'u=x&p=y'], ['PUT', '/up', 'hello world']]);
  });

  it('keeps header order and case, and derives persistence (§9.3)', () => {
    const [h] = events('GET / HTTP/1.0\r\nHOST: a\r\nConnection: Keep-Alive\r\nX-A:  b \r\n\r\n');
    expect(h?.kind === 'head' && h.head).toMatchObject({ version: '1.0', keepAlive: true, headers: [['HOST', 'a'], ['Connection', 'Keep-Alive'], ['X-A', 'b']] });
    const [h2] = events('GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
    expect(h2?.kind === 'head' && h2.head.keepAlive).toBe(false);
  });

  it('accepts HTTP/0.9 simple requests and leading empty lines (§2.2)', () => {
    expect(requests(events('GET /\r\n'))).toEqual([['GET', '/', '']]);
    expect(requests(events('\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n'))).toEqual([['GET', '/', '']]);
  });

  it('rejects malformed messages with the status real servers send', () => {
    expect(errorOf('GET / HTTP/1.1\r\n\r\n')).toBe(400); // no Host (§3.2)
    expect(errorOf('GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n')).toBe(400);
    expect(errorOf('GET  / HTTP/1.1\r\nHost: a\r\n\r\n')).toBe(400);
    expect(errorOf('GET / http/1.1\r\nHost: a\r\n\r\n')).toBe(400);
    expect(errorOf('GET / HTTP/2.0\r\nHost: a\r\n\r\n')).toBe(505);
    expect(errorOf('GET / HTTP/1.1\r\nHost : a\r\n\r\n')).toBe(400); // §5.1
    expect(errorOf('GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n')).toBe(400); // §5.2
    expect(errorOf('POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1x\r\n\r\n')).toBe(400);
    expect(errorOf('POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n')).toBe(400);
    expect(errorOf('POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n')).toBe(501); // §6.1
    expect(errorOf('POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n')).toBe(400);
    expect(errorOf('POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n', { ...LIMITS, rejectClWithTe: true })).toBe(400);
    expect(errorOf(`GET /${'a'.repeat(9000)} HTTP/1.1\r\n`)).toBe(414);
    expect(errorOf(`GET / HTTP/1.1\r\nHost: a\r\nX: ${'b'.repeat(40_000)}`)).toBe(400);
    expect(errorOf(`GET / HTTP/1.1\r\nHost: a\r\n${'X: y\r\n'.repeat(101)}\r\n`)).toBe(400);
    expect(errorOf('POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999\r\n\r\n')).toBe(413);
  });

  it('parses the same requests however the bytes are split', () => {
    const text = 'GET /a HTTP/1.1\r\nHost: x\r\n\r\nPOST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabcPUT /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n';
    const whole = requests(events(text));
    fc.assert(
      fc.property(fc.array(fc.nat({ max: text.length }), { maxLength: 12 }), (cuts) => {
        const p = new HttpParser(LIMITS);
        const evs: HttpEvent[] = [];
        let prev = 0;
        for (const c of [...[...new Set(cuts)].sort((a, b) => a - b), text.length]) {
          p.push(Buffer.from(text.slice(prev, c), 'latin1'));
          prev = c;
          for (let e = p.next(); e; e = p.next()) evs.push(e);
        }
        expect(requests(evs)).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on random or truncated input and keeps its buffer bounded', () => {
    const seed = 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n0\r\n\r\n';
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 4096 }), { maxLength: 30 }), fc.nat({ max: seed.length }), (chunks, cut) => {
        const p = new HttpParser(LIMITS);
        p.push(Buffer.from(seed.slice(0, cut), 'latin1'));
        for (const c of chunks) {
          p.push(c);
          for (let e = p.next(); e; e = p.next()) void e;
          expect(p.buffered).toBeLessThanOrEqual(LIMITS.headerBytes + LIMITS.requestLineBytes + 4096);
        }
      }),
      { numRuns: 300 },
    );
  });
});
