// `decnet-agent selftest` over a local fleet's files (desired file + local runtime state) and one real
// decky under the runner whose persona is broken on purpose: exit 1 and the contradiction printed.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeckySpec } from '@decnet/protocol';
import { derivePersona, startDeckyRunner, templateFor, type DeckyRunner } from '@decnet/templates';
import { localDesiredPath } from '../fleet/local-desired';
import { localRuntimePaths } from '../runtime/local/state-file';
import { selftestCommand } from './selftest-command';

const spec: DeckySpec = { name: 'cli-broken', archetype: 'linux-server', services: ['ssh', 'http'], serviceConfig: { http: { server_header: 'Microsoft-IIS/10.0' } } };
const host = '127.62.8.9';
let runner: DeckyRunner;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'selftest-cli-'));
  const persona = derivePersona({ deckyName: spec.name, archetype: spec.archetype, serviceConfig: spec.serviceConfig, services: spec.services });
  runner = await startDeckyRunner({ decky: spec.name, persona, out: () => undefined, listeners: spec.services.map((service) => ({ service, template: templateFor(service)!, host, port: 0, config: {} })) });
  writeFileSync(localDesiredPath(dir), JSON.stringify({ version: 1, deckies: [spec] }));
  const paths = localRuntimePaths(dir);
  mkdirSync(join(dir, 'local-runtime'), { recursive: true });
  const endpoints = runner.ports.map((p) => ({ decky: spec.name, service: p.service, host, port: p.port, wantedPort: p.port, mapped: false }));
  writeFileSync(paths.state, JSON.stringify({ v: 1, pid: process.pid, updatedAt: new Date().toISOString(), deckies: [{ name: spec.name, state: 'running', services: spec.services, address: host, restarts: 0, endpoints }] }));
});
afterAll(async () => {
  await runner?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('decnet-agent selftest', () => {
  it('fails the broken decky and prints the layer that contradicts its persona', async () => {
    const out: string[] = [];
    const code = await selftestCommand(['--data-dir', dir, '--agent-config', join(dir, 'none.json'), '--no-nmap'], { out: (l) => out.push(l), err: (l) => out.push(l) });
    const text = out.join('\n');
    expect(text).toMatch(/^cli-broken \(linux\/\S+ linux-server\): FAIL/m);
    expect(text).toMatch(/FAIL\s+persona-consistency/);
    expect(text).toContain('"Microsoft-IIS/10.0"');
    expect(text).toMatch(/SKIP\s+nmap-services\s+nmap is not installed|SKIP\s+nmap-services/);
    expect(code).toBe(1);
  }, 60_000);

  it('says so when there is nothing to test', async () => {
    const err: string[] = [];
    expect(await selftestCommand(['--data-dir', dir, '--agent-config', join(dir, 'none.json'), '--decky', 'nope'], { out: () => undefined, err: (l) => err.push(l) })).toBe(1);
    expect(err.join('')).toMatch(/no running decky/);
  });
});
