// The agent's self-test runner against one real decky (http only, nmap off): a request runs once and
// its reports go up; the id is remembered across a restart (a new runner on the same data dir); a
// refused upload is not remembered; a request for deckies this host does not run is closed quietly.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RealismUploadSchema, type DeckySpec } from '@decnet/protocol';
import { derivePersona, startDeckyRunner, templateFor, type DeckyRunner } from '@decnet/templates';
import type { LocalDeckyState } from '../runtime/local/state-file';
import type { CallOptions, CallOutcome } from '../uplink/mtls-client';
import { SelftestRunner } from './selftest-runner';

const spec: DeckySpec = { name: 'st-unit', archetype: 'linux-server', services: ['http'], serviceConfig: { http: { server_header: 'Microsoft-IIS/10.0' } } };
const host = '127.62.8.10';
let runner: DeckyRunner;
let dir: string;
let local: LocalDeckyState[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'selftest-runner-'));
  const persona = derivePersona({ deckyName: spec.name, archetype: spec.archetype, serviceConfig: spec.serviceConfig, services: spec.services });
  runner = await startDeckyRunner({ decky: spec.name, persona, out: () => undefined, listeners: spec.services.map((service) => ({ service, template: templateFor(service)!, host, port: 0, config: {} })) });
  const endpoints = runner.ports.map((p) => ({ decky: spec.name, service: p.service, host, port: p.port, wantedPort: p.port, mapped: false }));
  local = [{ name: spec.name, state: 'running', services: spec.services, address: host, restarts: 0, endpoints } as LocalDeckyState];
});
afterAll(async () => {
  await runner?.close();
  rmSync(dir, { recursive: true, force: true });
});

function make(answer: CallOutcome) {
  const calls: CallOptions[] = [];
  const r = new SelftestRunner({
    call: async (o) => (calls.push(o), answer), dataDir: dir, localDeckies: () => local, log: () => undefined, nmap: false, osScan: false, startWaitMs: 0, retryBaseMs: 1,
  });
  return { r, calls };
}
const ok: CallOutcome = { kind: 'ok', status: 200, body: { stored: 1 } };
const done = () => JSON.parse(readFileSync(join(dir, 'selftest-done.json'), 'utf8')) as string[];

describe('SelftestRunner', () => {
  it('runs a request once, uploads its reports and remembers it across a restart', async () => {
    const requestId = '0b6c4b8e-6f0e-4a8e-9f51-2a3a1f1e7a01';
    const first = make(ok);
    first.r.handle({ requestId, deckies: [spec.name] }, [spec]);
    first.r.handle({ requestId, deckies: [spec.name] }, [spec]); // re-delivered while running: still one run
    await first.r.idle();
    expect(first.calls.map((c) => c.path)).toEqual(['/agent/v1/realism-reports']);
    const up = RealismUploadSchema.parse(JSON.parse(String(first.calls[0]!.body)));
    expect(up.reports.map((x) => [x.decky, x.requestId])).toEqual([[spec.name, requestId]]);
    expect(up.reports[0]!.checks.find((c) => c.id === 'persona-consistency')?.status).toBe('fail'); // IIS on a Linux persona
    expect(done()).toContain(requestId);

    const restarted = make(ok);
    restarted.r.handle({ requestId }, [spec]);
    await restarted.r.idle();
    expect(restarted.calls).toEqual([]);
  }, 60_000);

  it('does not remember a refused upload, and closes a request for deckies not on this host', async () => {
    const refused = make({ kind: 'rejected', status: 422, code: 'validation', message: 'no' });
    const a = '0b6c4b8e-6f0e-4a8e-9f51-2a3a1f1e7a02';
    refused.r.handle({ requestId: a }, [spec]);
    await refused.r.idle();
    expect(refused.calls).toHaveLength(1);
    expect(done()).not.toContain(a);

    const elsewhere = make(ok);
    const b = '0b6c4b8e-6f0e-4a8e-9f51-2a3a1f1e7a03';
    elsewhere.r.handle({ requestId: b, deckies: ['not-here'] }, [spec]);
    await elsewhere.r.idle();
    expect(elsewhere.calls).toEqual([]);
    expect(done()).toContain(b);
  }, 60_000);
});
