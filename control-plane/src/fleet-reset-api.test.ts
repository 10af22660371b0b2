// Reset of a high-interaction decky from the control plane (issues 18/19), Node runtime with a real
// libSQL file and mutual TLS: admins only (403 for viewers), 422 when the decky is on another host or
// is not high-interaction, otherwise queued in the desired state as `reset_decky` and acked done/failed.
import type { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './testing/agent-harness';

let h: Harness;
type Enrolled = Awaited<ReturnType<Harness['enroll']>> & { d: Agent };
let a: Enrolled;
let b: Enrolled;

const enroll = async (name: string): Promise<Enrolled> => {
  const e = await h.enroll(name);
  return { ...e, d: h.mtls(e.certificatePem, e.keyPem) };
};

beforeAll(async () => {
  h = await startHarness();
  a = await enroll('rs-a');
  b = await enroll('rs-b');
  const hi = { ssh: { mode: 'high-interaction', password: 'toor' } };
  for (const [name, host, serviceConfig] of [['rs-hi', a, hi], ['rs-plain', a, {}], ['rs-other', b, hi]] as const) {
    const res = await h.api('/api/v1/deckies', { name, services: ['ssh'], serviceConfig, hostId: host.hostId });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
});
afterAll(() => h?.close());

describe('reset_decky command', () => {
  it('refuses a decky of another host, one that is not high-interaction, and a malformed body (422)', async () => {
    const path = `/api/v1/hosts/${a.hostId}/commands`;
    const foreign = await h.api(path, { kind: 'reset_decky', decky: 'rs-other' });
    expect(foreign.status).toBe(422);
    expect(foreign.body.error.message).toMatch(/No decky named 'rs-other' on this host/);
    const plain = await h.api(path, { kind: 'reset_decky', decky: 'rs-plain' });
    expect(plain.status).toBe(422);
    expect(plain.body.error.message).toMatch(/'rs-plain' is not high-interaction/);
    for (const body of [{ kind: 'reset_decky' }, { kind: 'reset_decky', decky: 'Bad Name!' }, { kind: 'reset_decky', decky: 'rs-hi', x: 1 }]) {
      expect((await h.api(path, body)).status, JSON.stringify(body)).toBe(422);
    }
    expect((await h.api(`/api/v1/fleet/commands?hostId=${a.hostId}`)).body.items).toEqual([]);
  });

  it('refuses viewers with 403', async () => {
    expect((await h.api('/api/v1/users', { username: 'rs-viewer', password: 'viewer-password-123', role: 'viewer', mustChangePassword: false })).status).toBe(201);
    const login = await fetch(`${h.cp.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'rs-viewer', password: 'viewer-password-123' }) });
    const { token } = (await login.json()) as { token: string };
    const res = await fetch(`${h.cp.url}/api/v1/hosts/${a.hostId}/commands`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'reset_decky', decky: 'rs-hi' }) });
    expect(res.status).toBe(403);
    expect((await h.api(`/api/v1/fleet/commands?hostId=${a.hostId}`)).body.items).toEqual([]);
  });

  it('queues the reset in the desired state under a new version; acks make it done or failed with the runtime error', async () => {
    const ds0 = (await h.agentCall(a.d, '/agent/v1/desired-state')).body;
    const cmd = await h.api(`/api/v1/hosts/${a.hostId}/commands`, { kind: 'reset_decky', decky: 'rs-hi' });
    expect(cmd.status).toBe(201);
    expect(cmd.body).toMatchObject({ hostId: a.hostId, kind: 'reset_decky', target: 'rs-hi', action: 'reset', status: 'pending' });
    const ds1 = (await h.agentCall(a.d, '/agent/v1/desired-state')).body;
    expect(ds1.version).toBe(ds0.version + 1);
    expect(ds1.commands).toEqual([{ id: cmd.body.id, kind: 'reset_decky', decky: 'rs-hi' }]);
    const again = (await h.api(`/api/v1/hosts/${a.hostId}/commands`, { kind: 'reset_decky', decky: 'rs-hi' })).body;
    const acked = await h.agentCall(a.d, '/agent/v1/acks', {
      acks: [{ id: cmd.body.id, ok: true, result: 'rs-hi reset to its image (container 0123456789ab)' }, { id: again.id, ok: false, error: 'decky rs-hi is not running' }],
    });
    expect(acked.body).toEqual({ ok: true, recorded: 2 });
    expect((await h.api(`/api/v1/fleet/commands/${cmd.body.id}`)).body).toMatchObject({ status: 'done', result: 'rs-hi reset to its image (container 0123456789ab)' });
    expect((await h.api(`/api/v1/fleet/commands/${again.id}`)).body).toMatchObject({ status: 'failed', error: 'decky rs-hi is not running' });
    expect((await h.agentCall(a.d, '/agent/v1/desired-state')).body).not.toHaveProperty('commands');
  });
});
