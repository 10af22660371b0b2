// DNS tokens against the real Node control plane: `dig` the token name on the UDP listener the
// runtime starts for DECNET_CANARY_DNS_ZONE -> an A answer and a `dns` trigger; other names in the
// zone are NXDOMAIN, names outside it REFUSED, a revoked token's name NXDOMAIN.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
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
});
