import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeStatus, type AgentStatus } from '../agent/status';
import { saveConfig } from '../config/load';
import { main } from './main';

let dir: string;
let out: string[];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());
function capture() {
  out = [];
  vi.spyOn(console, 'log').mockImplementation((m: string) => void out.push(m));
  vi.spyOn(console, 'error').mockImplementation((m: string) => void out.push(m));
}

describe('decnet-agent CLI', () => {
  it('prints usage with the fleet verbs, and refuses a deploy without a fleet', async () => {
    capture();
    expect(await main(['--help'])).toBe(0);
    expect(out.join('\n')).toMatch(/decnet-agent enroll --url URL --token TOKEN/);
    expect(out.join('\n')).toMatch(/decnet-agent deploy \(--config FLEET\.ini/);
    expect(await main(['deploy'])).toBe(2);
    expect(await main(['frobnicate'])).toBe(2);
    expect(await main(['enroll', '--url', 'http://x'])).toBe(2); // --token missing
  });

  it('status: reports a missing or unreadable config as an error', async () => {
    capture();
    expect(await main(['status', '--config', join(dir, 'nope.json')])).toBe(1);
    expect(out.at(-1)).toMatch(/cannot read agent config/);
  });

  it('status: shows the running agent from its status file, or that it is not running', async () => {
    const dataDir = join(dir, 'data');
    const path = join(dir, 'agent.json');
    saveConfig(path, { version: 1, dataDir, hostId: 'h-42' });
    const status: AgentStatus = {
      v: 1, pid: process.pid, version: '0.1.0', startedAt: new Date().toISOString(), updatedAt: new Date().toISOString(), offline: false,
      hostId: 'h-42', bus: { socketPath: join(dataDir, 'bus.sock'), tcpHost: '127.0.0.1', tcpPort: 1883 },
      spool: { pendingRecords: 12, diskBytes: 4096, segments: 1, droppedRecords: 3, droppedBytes: 900, droppedSegments: 1, quarantined: 1 },
      heartbeat: { atMs: Date.now(), ok: true, desiredVersion: 2 },
      workers: [{ name: 'uplink', state: 'running', restarts: 1, uptimeS: 5, status: 'ok', lastSeenMs: Date.now() }],
    };
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dataDir, { recursive: true });
    writeStatus(join(dataDir, 'status.json'), status);
    capture();
    expect(await main(['status', '--config', path])).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/enrolled: +yes, host h-42/);
    expect(text).toMatch(/running, pid \d+/);
    expect(text).toMatch(/12 pending, 3 dropped, 1 quarantined/);
    expect(text).toMatch(/uplink +ok +restarts 1/);
    writeStatus(join(dataDir, 'status.json'), { ...status, updatedAt: new Date(Date.now() - 3_600_000).toISOString() });
    capture();
    expect(await main(['status', '--config', path, '--json'])).toBe(3);
    expect(JSON.parse(out.join(''))).toMatchObject({ running: false, enrolled: true, hostId: 'h-42' });
  });
});
