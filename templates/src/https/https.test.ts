// HTTPS template: the http sessions behind the harness's TLS (as the runner will do), checked with
// curl over TLS and nmap -sV, plus the extra config keys.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBinary, nmapServiceLine, runCli, serveTemplate, type Served } from '../_testing';
import { httpsTemplate, type HttpsConfig } from './index';

describe('https template', () => {
  let served: Served<HttpsConfig>;
  beforeAll(async () => {
    served = await serveTemplate(httpsTemplate, { config: { tls_cn: 'web-12.corp.local' } });
  });
  afterAll(() => served.close());

  it('declares TLS and accepts the tls_* keys on top of http\'s', () => {
    expect(httpsTemplate.tls).toBe(true);
    const cfg = httpsTemplate.configSchema.parse({ tls_cn: 'a.example', fake_app: 'wordpress', unknown_key: 1 });
    expect(cfg).toMatchObject({ tls_cn: 'a.example', fake_app: 'wordpress' });
    expect(cfg).not.toHaveProperty('unknown_key');
  });

  it('curl over TLS gets the persona\'s Apache and its credentials are captured', async () => {
    const r = await runCli('curl', ['-sk', '-i', '-u', 'svc:Backup#1', `https://127.0.0.1:${served.port}/`]);
    expect(r.stdout).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(r.stdout).toContain('Server: Apache/2.4.52 (Ubuntu)');
    const req = served.events().find((e) => e.msgid === 'request');
    expect(req?.fields).toMatchObject({ principal: 'svc', secret_printable: 'Backup#1' });
    const missing = await runCli('curl', ['-sk', `https://127.0.0.1:${served.port}/x`]);
    expect(missing.stdout).toContain(`Server at 127.0.0.1 Port ${served.port}</address>`);
  });

  it.runIf(hasBinary('nmap'))('nmap -sV sees ssl/http Apache', async () => {
    // As for a server on 443: the TLS probes and GetRequest-over-TLS are tried first.
    const line = await nmapServiceLine(served.port, { asPorts: ['SSLSessionReq', 'GetRequest'] });
    expect(line).toMatch(/open\s+ssl\/http\s+Apache httpd 2\.4\.52 \(\(Ubuntu\)\)/);
    console.info(`nmap: ${line}`);
  }, 40_000);
});
