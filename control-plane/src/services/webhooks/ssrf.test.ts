// The SSRF guard: refused ranges after resolution (names resolved by an injected resolver), literal
// addresses refused before any connection, redirects into refused ranges not followed, and the
// explicit private-target settings. A real receiver on 127.0.0.1 proves nothing was connected to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../testing/webhook-receiver';
import { isRefusedAddress, STRICT_POLICY } from './address-policy';
import { sendFacts } from './deliver';
import { DEFAULT_RETRY_DELAYS_MS, parseAllowPrivate, type WebhookSettings } from './settings';
import { undiciTransport, type Resolver } from './transport-undici';

const names: Record<string, string> = { 'internal.example': '10.1.2.3', 'metadata.example': '169.254.169.254', 'rebind.example': '192.168.1.1', 'v6loop.example': '::1', 'receiver.example': '127.0.0.1' };
const resolver: Resolver = async (h) => (names[h] ? [{ address: names[h]!, family: names[h]!.includes(':') ? 6 : 4 }] : []);
const fact = { id: 'webhook.test:1', topic: 'decnet/system/webhook/test', type: 'webhook.test', tsMs: 0, payloadJson: '{}' };
let rx: Receiver;
const transports: { close(): Promise<void> }[] = [];

function settings(policy: WebhookSettings['policy']): WebhookSettings {
  const transport = undiciTransport(resolver, policy);
  transports.push(transport);
  return { secretKey: 'k'.repeat(32), policy, transport, timeoutMs: 5000, retryDelaysMs: DEFAULT_RETRY_DELAYS_MS, concurrency: 1, breakerThreshold: 5, leaseMs: 60_000, instanceId: 't', random: Math.random, retentionMs: 0 };
}
const send = (s: WebhookSettings, url: string) => sendFacts(s, { url, format: 'json', secret: 's' }, [fact], 0);

beforeAll(async () => {
  rx = await startReceiver((r) => {
    const to = r.path.slice('/redirect?to='.length);
    return r.path.startsWith('/redirect') ? { status: 307, location: decodeURIComponent(to) } : 200;
  });
});
afterAll(async () => {
  await rx.close();
  await Promise.all(transports.map((t) => t.close()));
});

describe('SSRF guard', () => {
  it('classifies addresses', () => {
    for (const ip of ['127.0.0.1', '169.254.169.254', '::1', '10.0.0.1', '172.20.1.1', '192.168.0.9', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '64:ff9b::a9fe:a9fe', 'ff02::1', 'not-an-ip']) {
      expect([ip, isRefusedAddress(ip)]).toEqual([ip, true]);
    }
    for (const ip of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) expect([ip, isRefusedAddress(ip)]).toEqual([ip, false]);
    expect(isRefusedAddress('10.0.0.1', { allowPrivate: true, allowCidrs: [] })).toBe(false);
    expect(isRefusedAddress('192.168.5.7', parseAllowPrivate('192.168.5.0/24'))).toBe(false);
    expect(isRefusedAddress('192.168.6.7', parseAllowPrivate('192.168.5.0/24'))).toBe(true);
    expect(parseAllowPrivate('false')).toEqual(STRICT_POLICY);
  });

  it('refuses loopback, metadata, [::1], 10/8 and names resolving to private addresses without connecting', async () => {
    const s = settings(STRICT_POLICY);
    const port = rx.port;
    const urls = [`http://127.0.0.1:${port}/a`, `http://169.254.169.254/latest/meta-data/`, `http://[::1]:${port}/a`, `http://10.0.0.1/a`, `http://internal.example:${port}/a`, `http://metadata.example/a`, `http://v6loop.example:${port}/a`, `http://receiver.example:${port}/a`, `http://localhost:${port}/a`];
    for (const url of urls) {
      const out = await send(s, url);
      expect([url, out.ok, out.retryable, out.error]).toEqual([url, false, false, expect.stringMatching(/refused by the SSRF guard/)]);
    }
    expect(rx.received).toHaveLength(0);
  });

  it('does not follow a redirect into a refused range, and allows a listed on-premises receiver', async () => {
    const s = settings({ allowPrivate: false, allowCidrs: ['127.0.0.1/32'] });
    const base = `http://receiver.example:${rx.port}`;
    expect((await send(s, `${base}/ok`)).ok).toBe(true);
    for (const to of ['http://10.0.0.1/x', 'http://169.254.169.254/', 'http://rebind.example/x', `http://[::1]:${rx.port}/x`]) {
      const out = await send(s, `${base}/redirect?to=${encodeURIComponent(to)}`);
      expect([to, out.ok, out.error]).toEqual([to, false, expect.stringMatching(/refused by the SSRF guard/)]);
    }
    const out = await send(s, `${base}/redirect?to=${encodeURIComponent(`${base}/after-redirect`)}`);
    expect(out.ok).toBe(true);
    expect(rx.received.map((r) => r.path).filter((p) => !p.startsWith('/redirect'))).toEqual(['/ok', '/after-redirect']);
  });
});
