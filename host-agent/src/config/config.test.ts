import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig, saveConfig } from './load';
import { agentPaths } from './paths';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('agent config v1', () => {
  it('fills defaults: one data directory, bounded spool, loopback bus', () => {
    const c = parseConfig({ version: 1 });
    expect(c).toMatchObject({
      dataDir: '/var/lib/decnet',
      runtime: 'local',
      local: { deckiesPerRunner: 8 },
      bus: { tcpHost: '127.0.0.1', tcpPort: 1883, maxClients: 1024 },
      spool: { maxBytes: 512 * 1024 * 1024, batchMax: 5000, fsync: 'group', inflight: 4 },
      heartbeatIntervalMs: 30_000,
      backoffMaxMs: 30_000,
    });
    expect(agentPaths(c)).toMatchObject({ keyPem: '/var/lib/decnet/tls/agent.key', busSocket: '/var/lib/decnet/bus.sock', spoolDir: '/var/lib/decnet/spool' });
  });

  it.each([
    ['an unknown version', { version: 2 }],
    ['a bus on a public address', { version: 1, bus: { tcpHost: '0.0.0.0' } }],
    ['an http mTLS URL', { version: 1, controlPlane: { url: 'http://cp', mtlsUrl: 'http://cp:8443' } }],
    ['a batch above the DTO maximum', { version: 1, spool: { batchMax: 5001 } }],
    ['an unknown runtime', { version: 1, runtime: 'vm' }],
    ['no decky per runner process', { version: 1, local: { deckiesPerRunner: 0 } }],
  ])('refuses %s with a readable message', (_n, input) => {
    expect(() => parseConfig(input)).toThrow(ConfigError);
  });

  it('saves with mode 0600 and loads back; reports unreadable files clearly', () => {
    const d = mkdtempSync(join(tmpdir(), 'cfg-'));
    dirs.push(d);
    const path = join(d, 'etc', 'agent.json');
    saveConfig(path, { version: 1, dataDir: '/srv/decnet', controlPlane: { url: 'https://cp.example' } });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(loadConfig(path)).toMatchObject({ dataDir: '/srv/decnet', controlPlane: { url: 'https://cp.example' } });
    writeFileSync(path, '{oops');
    expect(() => loadConfig(path)).toThrow(/not JSON/);
    expect(() => loadConfig(join(d, 'missing.json'))).toThrow(/cannot read agent config/);
  });
});
