// Canaries against the real Node control plane with real clients: `dig` the token name on the UDP
// listener the runtime starts for DECNET_CANARY_DNS_ZONE (A answer + `dns` trigger; NXDOMAIN/REFUSED
// otherwise), and the fingerprint page opened in Chromium -> a signed fingerprint with webdriver true.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, type RunningControlPlane } from '../../runtime/node';
import { firstAdminToken } from '../../testing/first-admin';
import { SUITE_ENV } from '../../testing/suite-env';

const dir = mkdtempSync(join(tmpdir(), 'decnet-canary-dns-'));
let cp: RunningControlPlane;
let token = '';
let dnsPort = 0;

async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((ok) => s.bind(0, '127.0.0.1', () => ok()));
  const port = s.address().port;
  await new Promise<void>((ok) => s.close(() => ok()));
  return port;
}
// Async: the control plane answering runs in this process, so a synchronous dig would block it.
const dig = async (name: string) => (await promisify(execFile)('dig', ['@127.0.0.1', '-p', String(dnsPort), '+tries=1', '+time=3', name, 'A'])).stdout;
const api = async (path: string, body?: unknown, method = body ? 'POST' : 'GET') => {
  const res = await fetch(cp.url + path, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, ...(body ? { body: JSON.stringify(body) } : {}) });
  return (await res.json()) as any;
};

beforeAll(async () => {
  dnsPort = await freeUdpPort();
  cp = await startControlPlane({
    env: { ...SUITE_ENV, DECNET_CANARY_DNS_ZONE: 'canary.example.test', DECNET_CANARY_DNS_PORT: String(dnsPort), DECNET_CANARY_DNS_HOST: '127.0.0.1', DECNET_CANARY_DNS_ANSWER_IP: '192.0.2.53', DECNET_PTR_LOOKUPS: '0' },
    dataDir: dir, port: 0, mtlsPort: 0,
  });
  token = await firstAdminToken(cp.url, SUITE_ENV.DECNET_ADMIN_PASSWORD, 'admin-password-2');
});
afterAll(async () => {
  await cp?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('DNS canary tokens', () => {
  it('answers dig for the token name and records a dns trigger; NXDOMAIN and REFUSED otherwise', async () => {
    const t = await api('/api/v1/canaries', { generator: 'dns', memo: 'dns bait' });
    expect(t.dnsName).toBe(`${t.slug}.canary.example.test`);
    const out = await dig(`exfil-data.${t.dnsName.toUpperCase()}`);
    expect(out).toContain('status: NOERROR');
    expect(out).toMatch(/IN\s+A\s+192\.0\.2\.53/);
    const trig = (await api(`/api/v1/canaries/${t.id}/triggers`)).items;
    expect(trig).toHaveLength(1);
    expect(trig[0]).toMatchObject({ via: 'dns', dnsName: `exfil-data.${t.dnsName}`, srcIp: '127.0.0.1', attackerId: null });
    expect(await dig(`aaaaaaaaaaaaaaaaaaaaaaaa.canary.example.test`)).toContain('status: NXDOMAIN');
    expect(await dig('www.example.org')).toContain('status: REFUSED');
    await api(`/api/v1/canaries/${t.id}`, undefined, 'DELETE');
    expect(await dig(t.dnsName)).toContain('status: NXDOMAIN');
    expect((await api(`/api/v1/canaries/${t.id}/triggers`)).items).toHaveLength(1);
  });

  it('the HTML token opened in Chromium reports a fingerprint signed with its nonce, webdriver true', async () => {
    const t = await api('/api/v1/canaries', { generator: 'html', memo: 'fp page', baseUrl: cp.url });
    const html = await (await fetch(`${cp.url}/api/v1/canaries/${t.id}/file`, { headers: { authorization: `Bearer ${token}` } })).text();
    const file = join(dir, 'portal.html');
    writeFileSync(file, html);
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--headless=new'] });
    try {
      const page = await browser.newPage();
      await page.goto(`file://${file}`);
      let items: any[] = [];
      for (let i = 0; i < 100 && !items.some((x) => x.via === 'fingerprint'); i++) {
        await new Promise((r) => setTimeout(r, 100));
        items = (await api(`/api/v1/canaries/${t.id}/triggers`)).items;
      }
      const fp = items.find((x) => x.via === 'fingerprint');
      expect(fp).toMatchObject({ fingerprintVerified: true, fingerprint: { webdriver: true } });
      expect(fp.fingerprint.userAgent).toMatch(/Chrome/);
      expect(fp.fingerprint.canvasHash).toMatch(/^[0-9a-f]{32}$/);
      expect(fp.fingerprint.timeZone.length).toBeGreaterThan(0);
      expect(items.some((x) => x.via === 'http')).toBe(true); // the <img> fetch of the token URL
    } finally {
      await browser.close();
    }
  });
});
