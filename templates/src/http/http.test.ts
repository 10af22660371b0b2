// HTTP template: persona-consistent Apache/nginx behaviour (pages, header order, methods, errors),
// keep-alive and pipelining, config keys, request events with credentials, then curl and nmap -sV.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplePersona, hasBinary, nmapServiceLine, runCli, serveTemplate, startSession, type Served } from '../_testing';
import { nextResponse } from './http-test-util';
import { httpTemplate, type HttpConfig } from './index';

const nginx = examplePersona({ services: { http: { server: 'nginx/1.18.0 (Ubuntu)' } } });

describe('http session (Apache persona)', () => {
  it('serves the Ubuntu default page with Apache headers in Apache order', async () => {
    const { peer } = startSession(httpTemplate);
    peer.send('GET / HTTP/1.1\r\nHost: web-12\r\nUser-Agent: probe\r\n\r\n');
    const [r] = await nextResponse(peer);
    expect(r.status).toBe(200);
    expect(r.headers.map(([k]) => k)).toEqual(['Date', 'Server', 'Last-Modified', 'ETag', 'Accept-Ranges', 'Content-Length', 'Vary', 'Keep-Alive', 'Connection', 'Content-Type']);
    expect(r.header('Server')).toBe('Apache/2.4.52 (Ubuntu)');
    expect(r.header('Keep-Alive')).toBe('timeout=5, max=100');
    expect(r.body).toContain('<title>Apache2 Ubuntu Default Page: It works</title>');
  });

  it('keeps the connection for pipelined requests and answers in order', async () => {
    const { peer, ctx } = startSession(httpTemplate);
    peer.send('GET /a HTTP/1.1\r\nHost: h\r\n\r\nHEAD / HTTP/1.1\r\nHost: h\r\n\r\nPOST /login HTTP/1.1\r\nHost: h\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 27\r\n\r\nusername=root&password=toorGET / HTTP/1.0\r\n\r\n');
    const [a, o1] = await nextResponse(peer);
    const [b, o2] = await nextResponse(peer, o1, true);
    const [c, o3] = await nextResponse(peer, o2);
    const [d] = await nextResponse(peer, o3);
    expect([a.status, b.status, c.status, d.status]).toEqual([404, 200, 404, 200]);
    expect(a.body).toContain('<address>Apache/2.4.52 (Ubuntu) Server at h Port 80</address>');
    expect(b.body).toBe('');
    expect(d.header('Connection')).toBe('close');
    await peer.untilClosed();
    const reqs = ctx.eventsOf('request');
    expect(reqs.map((e) => [e.fields.method, e.fields.path, e.fields.status])).toEqual([['GET', '/a', 404], ['HEAD', '/', 200], ['POST', '/login', 404], ['GET', '/', 200]]);
    expect(reqs[2]?.fields).toMatchObject({ principal: 'root', secret_printable: 'toor', secret_kind: 'plaintext', body: 'username=root&password=toor' });
    expect(ctx.eventsOf('http_request_fingerprint')[0]?.fields.ja4h).toMatch(/^ge11nn010000_[0-9a-f]{12}_000000000000_000000000000$/);
  });

  it('applies Apache method rules: OPTIONS, PUT 405 with Allow, unknown 501, TRACE off', async () => {
    const { peer } = startSession(httpTemplate);
    peer.send('OPTIONS / HTTP/1.1\r\nHost: h\r\n\r\nDELETE /x HTTP/1.1\r\nHost: h\r\n\r\nFOO / HTTP/1.1\r\nHost: h\r\n\r\nTRACE / HTTP/1.1\r\nHost: h\r\n\r\n');
    const [o, o1] = await nextResponse(peer);
    const [d, o2] = await nextResponse(peer, o1);
    const [f, o3] = await nextResponse(peer, o2);
    const [t] = await nextResponse(peer, o3);
    expect([o.status, o.header('Allow'), d.status, d.header('Allow'), f.status, t.status]).toEqual([200, 'GET,POST,OPTIONS,HEAD', 405, 'GET,POST,OPTIONS,HEAD', 501, 405]);
    expect(f.body).toContain('<p>FOO not supported for current URL.<br />');
  });

  it('answers malformed requests with Apache\'s 400 page and closes', async () => {
    const { peer, ctx } = startSession(httpTemplate);
    peer.send('GET / HTTP/1.1\r\nHost: h\r\nBad Header: x\r\n\r\n');
    const [r] = await nextResponse(peer);
    expect(r.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(r.header('Connection')).toBe('close');
    expect(r.body).toContain('<p>Your browser sent a request that this server could not understand.<br />\n</p>');
    expect(r.body).toContain('Server at 127.0.1.1 Port 80');
    await peer.untilClosed();
    expect(ctx.eventsOf('protocol_error')).toHaveLength(1);
  });

  it('answers 100-continue, captures large bodies and reports oversize', async () => {
    const { peer, ctx } = startSession(httpTemplate);
    const body = 'x'.repeat(3000);
    peer.send(`POST /upload.php HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: ${body.length}\r\n\r\n`);
    await peer.until('HTTP/1.1 100 Continue\r\n\r\n');
    peer.send(body);
    await nextResponse(peer);
    expect(ctx.eventsOf('request')[0]?.fields.body_sha256).toBe(ctx.captures[0]?.sha256);
    const big = startSession(httpTemplate);
    big.peer.send(`GET /${'a'.repeat(10_000)} HTTP/1.1\r\n`);
    const [r] = await nextResponse(big.peer);
    expect(r.statusLine).toBe('HTTP/1.1 414 Request-URI Too Long');
    expect(big.ctx.eventsOf('oversized_input')).toHaveLength(1);
  });

  it('honours server_header, response_code, custom_body and extra_headers', async () => {
    const config = { server_header: 'Microsoft-IIS/10.0', response_code: 403, extra_headers: '{"X-Powered-By":"ASP.NET"}' };
    const { peer } = startSession(httpTemplate, { config });
    peer.send('GET / HTTP/1.1\r\nHost: h\r\n\r\n');
    const [r] = await nextResponse(peer);
    expect([r.status, r.header('Server'), r.header('X-Powered-By')]).toEqual([403, 'Microsoft-IIS/10.0', 'ASP.NET']);
    const custom = startSession(httpTemplate, { config: { custom_body: '<h1>Intranet</h1>' } });
    custom.peer.send('GET / HTTP/1.1\r\nHost: h\r\n\r\n');
    expect((await nextResponse(custom.peer))[0].body).toBe('<h1>Intranet</h1>');
    expect(() => httpTemplate.configSchema.parse({ extra_headers: '{"Bad Name":"x"}' })).toThrow();
  });

  it('survives random bytes and emits only catalogued events', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 600 }), { maxLength: 8 }), async (chunks) => {
        const { peer, ctx } = startSession(httpTemplate);
        for (const c of chunks) peer.send(c);
        await new Promise((r) => setImmediate(r));
        expect(ctx.uncatalogued()).toEqual([]);
        peer.stream.destroy();
      }),
      { numRuns: 60 },
    );
  });
});

describe('http session (nginx persona)', () => {
  it('serves the nginx welcome page, nginx header order and nginx error pages', async () => {
    const { peer } = startSession(httpTemplate, { persona: nginx });
    peer.send('GET / HTTP/1.1\r\nHost: h\r\n\r\nPOST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\nGET /missing HTTP/1.1\r\nHost: h\r\nUser-Agent: Mozilla/5.0 Chrome/120.0\r\n\r\n');
    const [a, o1] = await nextResponse(peer);
    const [b, o2] = await nextResponse(peer, o1);
    const [c] = await nextResponse(peer, o2);
    expect(a.headers.map(([k]) => k)).toEqual(['Server', 'Date', 'Content-Type', 'Content-Length', 'Last-Modified', 'Connection', 'ETag', 'Accept-Ranges']);
    expect(a.body).toContain('<title>Welcome to nginx!</title>');
    expect(Buffer.byteLength(a.body)).toBe(612);
    expect(b.statusLine).toBe('HTTP/1.1 405 Not Allowed');
    expect(c.body).toMatch(/^<html>\r\n<head><title>404 Not Found<\/title><\/head>\r\n<body>\r\n<center><h1>404 Not Found<\/h1><\/center>\r\n<hr><center>nginx\/1\.18\.0 \(Ubuntu\)<\/center>\r\n<\/body>\r\n<\/html>\r\n<!-- a padding/);
  });
});

describe('http session (version-less and unknown servers)', () => {
  it('treats "nginx" (server_tokens off) as nginx and an embedded server generically', async () => {
    const debian = examplePersona({ distro: 'debian', services: { http: { server: 'nginx' } } });
    const a = startSession(httpTemplate, { persona: debian });
    a.peer.send('GET /x HTTP/1.1\r\nHost: h\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n');
    const [missing, o1] = await nextResponse(a.peer);
    const [home] = await nextResponse(a.peer, o1);
    expect(missing.body).toContain('<hr><center>nginx</center>');
    expect(home.body).toContain('html { color-scheme: light dark; }');
    const printer = startSession(httpTemplate, { persona: examplePersona({ services: { http: { server: 'debut/1.30' } } }) });
    printer.peer.send('GET /x HTTP/1.1\r\nHost: h\r\n\r\n');
    const [r] = await nextResponse(printer.peer);
    expect([r.header('Server'), r.body.includes('Apache')]).toEqual(['debut/1.30', false]);
  });
});

describe('http with real clients', () => {
  let served: Served<HttpConfig>;
  beforeAll(async () => {
    served = await serveTemplate(httpTemplate);
  });
  afterAll(() => served.close());
  const url = (p = '/'): string => `http://127.0.0.1:${served.port}${p}`;

  it('curl: Basic auth, form POST, HEAD, chunked upload, HTTP/1.0', async () => {
    expect((await runCli('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-u', 'admin:Admin123', url()])).stdout).toBe('200');
    expect((await runCli('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-d', 'user=alice&pass=Spring2024', url('/login')])).stdout).toBe('404');
    const head = await runCli('curl', ['-s', '-I', url()]);
    expect(head.stdout).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    const up = await runCli('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-H', 'Transfer-Encoding: chunked', '-T', '-', url('/drop')], { input: 'payload '.repeat(200) });
    expect(up.stdout).toBe('405');
    const old = await runCli('curl', ['-s', '-0', '-i', url('/nope')]);
    expect(old.stdout).toMatch(/^HTTP\/1\.1 404 Not Found\r\n[\s\S]*Connection: close\r\n/);
    const creds = served.events().filter((e) => e.msgid === 'request' && e.fields.secret_b64).map((e) => [e.fields.principal, e.fields.secret_printable]);
    expect(creds).toEqual([['admin', 'Admin123'], ['alice', 'Spring2024']]);
    expect(served.events().find((e) => e.msgid === 'request' && e.fields.path === '/drop')?.fields.body_size).toBe(1600);
  });

  it.runIf(hasBinary('nmap'))('nmap -sV names the persona\'s Apache', async () => {
    const line = await nmapServiceLine(served.port);
    expect(line).toMatch(/open\s+http\s+Apache httpd 2\.4\.52 \(\(Ubuntu\)\)/);
    console.info(`nmap: ${line}`);
  }, 30_000);
});
