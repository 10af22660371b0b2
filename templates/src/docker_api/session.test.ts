// The HTTP-API session under hostile framing (through docker_api's routes and Go wire style):
// pipelined requests split at every byte answer in order; garbage, oversized headers and bodies past
// the bound end only that session with net/http's bare refusals; chunked answers past 2048 bytes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { startSession } from '../_testing';
import { dockerApiTemplate } from './index';

const CREATE = '{"Image":"alpine","Cmd":["id"]}';
const PIPELINE = `GET /_ping HTTP/1.1\r\nHost: d\r\n\r\nPOST /v1.41/containers/create HTTP/1.1\r\nHost: d\r\nContent-Type: application/json\r\nContent-Length: ${CREATE.length}\r\n\r\n${CREATE}GET /version HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n`;

describe('HTTP-API session (docker_api)', () => {
  it('answers pipelined requests in order however the bytes are split', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.integer({ min: 1, max: PIPELINE.length - 1 }), { maxLength: 6 }), async (cuts) => {
      const { peer, ctx } = startSession(dockerApiTemplate, { config: { version: '24.0.7' } });
      const points = [...new Set(cuts)].sort((a, b) => a - b);
      let at = 0;
      for (const p of [...points, PIPELINE.length]) {
        peer.send(PIPELINE.slice(at, p));
        at = p;
      }
      await peer.untilClosed(5000);
      const statuses = [...peer.text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => m[1]);
      expect(statuses).toEqual(['200', '201', '200']);
      expect(ctx.eventsOf('request').map((e) => e.fields.action ?? e.fields.path)).toEqual(['/_ping', 'create', '/version']);
    }), { numRuns: 25 });
  });

  it('refuses junk, oversized headers and bodies with Go\'s bare answers and ends the session', async () => {
    const junk = startSession(dockerApiTemplate);
    junk.peer.send('\x16\x03\x01\x00\x05hello\r\n\r\n');
    await junk.peer.untilClosed();
    expect(junk.peer.text).toBe('HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request');
    const big = startSession(dockerApiTemplate);
    big.peer.send(`GET / HTTP/1.1\r\nHost: d\r\nX-Pad: ${'a'.repeat(20_000)}\r\n\r\n`);
    await big.peer.untilClosed();
    expect(big.peer.text).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(big.ctx.eventsOf('oversized_input')).toHaveLength(1);
    const body = startSession(dockerApiTemplate);
    body.peer.send('POST /containers/create HTTP/1.1\r\nHost: d\r\nContent-Length: 99999999\r\n\r\n');
    await body.peer.untilClosed();
    expect(body.peer.text).toMatch(/^HTTP\/1\.1 413 Request Entity Too Large\r\n/);
    const nohost = startSession(dockerApiTemplate);
    nohost.peer.send('GET /version HTTP/1.1\r\n\r\n');
    await nohost.peer.untilClosed();
    expect(nohost.peer.text).toBe('HTTP/1.1 400 Bad Request: missing required Host header\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request: missing required Host header');
  });

  it('chunks an answer past 2048 bytes on HTTP/1.1 and closes after it on HTTP/1.0', async () => {
    const a = startSession(dockerApiTemplate);
    a.peer.send('GET /info HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n');
    await a.peer.untilClosed();
    expect(a.peer.text).toContain('\r\nTransfer-Encoding: chunked\r\n\r\n');
    expect(a.peer.text.endsWith('\r\n0\r\n\r\n')).toBe(true);
    const b = startSession(dockerApiTemplate);
    b.peer.send('GET /info HTTP/1.0\r\n\r\n');
    await b.peer.untilClosed();
    expect(b.peer.text).toMatch(/^HTTP\/1\.0 200 OK\r\n/);
    expect(b.peer.text).not.toContain('Content-Length');
    expect(b.peer.text).not.toContain('Transfer-Encoding');
  });
});
