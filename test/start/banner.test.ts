// The `npm start` banner (scripts/banner.ts): names the runtime, lists every decky with its address
// and services (ports, mapped ports, states), and says what Ctrl-C does to docker deckies.
import { describe, expect, it } from 'vitest';
import { formatBanner, type BannerInput } from '../../scripts/banner';

const base: BannerInput = {
  upS: 4.25,
  url: 'http://127.0.0.1:8080',
  login: { username: 'admin', password: 'pw-123' },
  runtime: 'local',
  deckies: [
    { name: 'web-01', state: 'running', address: '127.12.157.160', services: [{ service: 'http', port: 80 }, { service: 'ftp', port: 10021, wantedPort: 21 }] },
    { name: 'db-01', state: 'running', address: '127.131.207.128', services: [{ service: 'mysql', port: 3306 }] },
  ],
  keepDeckies: false,
};

describe('npm start banner', () => {
  it('local: names the runtime, each decky address and services (mapped ports said), no container note', () => {
    const text = formatBanner(base).join('\n');
    expect(text).toContain('DECNET-TS is up in 4.3 s');
    expect(text).toContain("First login: user 'admin', password 'pw-123'");
    expect(text).toMatch(/Deckies \(2 running on the local runtime; attack them from this machine\):/);
    expect(text).toMatch(/^ {4}web-01 {2}127\.12\.157\.160 {3}http:80, ftp:10021 \(mapped from 21\)$/m);
    expect(text).toMatch(/^ {4}db-01 {3}127\.131\.207\.128 {2}mysql:3306$/m);
    expect(text).not.toContain('docker');
    expect(text.trimEnd().endsWith('Press Ctrl-C to stop.')).toBe(true);
  });

  it('docker: names the runtime and network, lists LAN addresses, flags a decky not running, says Ctrl-C removes the containers', () => {
    const text = formatBanner({
      ...base,
      runtime: 'docker',
      network: { parent: 'eth0', subnet: '192.168.1.0/24' },
      deckies: [
        { name: 'web-01', state: 'running', address: '192.168.1.70', services: [{ service: 'http', port: 80 }, { service: 'ftp', port: 21 }] },
        { name: 'cam-01', state: 'failed', services: [{ service: 'telnet', port: 23 }] },
      ],
    }).join('\n');
    expect(text).toMatch(/Deckies \(1 running on the docker runtime, macvlan on eth0 192\.168\.1\.0\/24; attack them from another machine on that LAN/);
    expect(text).not.toContain('local runtime');
    expect(text).toMatch(/^ {4}web-01 {2}192\.168\.1\.70 {2}http:80, ftp:21$/m);
    expect(text).toMatch(/^ {4}cam-01 {2}- {13}telnet:23 {2}\[failed\]$/m);
    expect(text).toContain('Ctrl-C stops everything and removes the decky containers (--keep-deckies keeps them).');
  });

  it('docker with --keep-deckies says the containers stay; no login line once the admin exists', () => {
    const lines = formatBanner({ ...base, runtime: 'docker', login: undefined, keepDeckies: true, deckies: [{ name: 'a', state: 'running', address: '10.0.0.5', services: [] }] });
    expect(lines.join('\n')).toContain('the decky containers keep running (--keep-deckies)');
    expect(lines.some((l) => l.includes('First login'))).toBe(false);
  });
});
