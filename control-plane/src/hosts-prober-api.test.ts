// The per-host prober switch end to end on the Node runtime: an admin sets it over the API, the enrolled
// agent's desired state (over mutual TLS) carries it with a bumped version, a held long-poll wakes on it,
// null removes it again; bad bodies are 422, viewers 403, decommissioned hosts 409.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './testing/agent-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

describe('PUT /hosts/{id}/prober', () => {
  it('sets and clears the switch; the desired state carries it under a new version', async () => {
    const e = await h.enroll('probe-host-a');
    const d = h.mtls(e.certificatePem, e.keyPem);
    const ds0 = await h.agentCall(d, '/agent/v1/desired-state');
    expect(ds0.status).toBe(200);
    expect(ds0.body).not.toHaveProperty('prober');
    const host0 = (await h.api('/api/v1/hosts')).body.items.find((x: { id: string }) => x.id === e.hostId);
    expect(host0.proberEnabled).toBeNull();

    const on = await h.api(`/api/v1/hosts/${e.hostId}/prober`, { enabled: true }, 'PUT');
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ id: e.hostId, proberEnabled: true });
    expect((await h.api('/api/v1/hosts')).body.items.find((x: { id: string }) => x.id === e.hostId).proberEnabled).toBe(true);
    const ds1 = await h.agentCall(d, '/agent/v1/desired-state');
    expect(ds1.body).toMatchObject({ version: ds0.body.version + 1, prober: { enabled: true } });

    // An agent holding a long-poll on the current version is answered with the change.
    const held = h.agentCall(d, `/agent/v1/desired-state?sinceVersion=${ds1.body.version}&waitS=20`);
    expect((await h.api(`/api/v1/hosts/${e.hostId}/prober`, { enabled: false }, 'PUT')).body.proberEnabled).toBe(false);
    const ds2 = (await held).body;
    expect(ds2).toMatchObject({ version: ds1.body.version + 1, prober: { enabled: false } });

    // Setting the same value again is not a change: the version stays.
    expect((await h.api(`/api/v1/hosts/${e.hostId}/prober`, { enabled: false }, 'PUT')).status).toBe(200);
    expect((await h.agentCall(d, '/agent/v1/desired-state')).body.version).toBe(ds2.version);

    const cleared = await h.api(`/api/v1/hosts/${e.hostId}/prober`, { enabled: null }, 'PUT');
    expect(cleared.body.proberEnabled).toBeNull();
    const ds3 = await h.agentCall(d, '/agent/v1/desired-state');
    expect(ds3.body.version).toBe(ds2.version + 1);
    expect(ds3.body).not.toHaveProperty('prober');

    const doc = (await (await h.raw('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/hosts/{id}/prober'] ?? {})).toContain('put');
  });

  it('answers bad input with 422, unknown hosts with 404, decommissioned ones with 409', async () => {
    const e = await h.enroll('probe-host-b');
    const path = `/api/v1/hosts/${e.hostId}/prober`;
    for (const body of [{ enabled: 'yes' }, { enabled: 1 }, {}, { enabled: true, extra: 1 }]) {
      const r = await h.api(path, body, 'PUT');
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.body.error.code).toBe('validation_failed');
    }
    expect((await h.api('/api/v1/hosts/not-a-uuid/prober', { enabled: true }, 'PUT')).status).toBe(422);
    expect((await h.api(`/api/v1/hosts/${crypto.randomUUID()}/prober`, { enabled: true }, 'PUT')).status).toBe(404);
    const host = (await h.api('/api/v1/hosts')).body.items.find((x: { id: string }) => x.id === e.hostId);
    expect(host.proberEnabled).toBeNull(); // nothing was stored by the refused bodies
    await h.api(`/api/v1/hosts/${e.hostId}/decommission`, {});
    expect((await h.api(path, { enabled: true }, 'PUT')).status).toBe(409);
  });

  it('refuses viewers with 403 and leaves the setting as it was', async () => {
    const e = await h.enroll('probe-host-c');
    expect((await h.api('/api/v1/users', { username: 'probe-viewer', password: 'viewer-password-123', role: 'viewer', mustChangePassword: false })).status).toBe(201);
    const login = await fetch(`${h.cp.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'probe-viewer', password: 'viewer-password-123' }) });
    const { token } = (await login.json()) as { token: string };
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const put = await fetch(`${h.cp.url}/api/v1/hosts/${e.hostId}/prober`, { method: 'PUT', headers, body: JSON.stringify({ enabled: true }) });
    expect(put.status).toBe(403);
    const list = (await (await fetch(`${h.cp.url}/api/v1/hosts`, { headers })).json()) as { items: { id: string; proberEnabled: boolean | null }[] };
    expect(list.items.find((x) => x.id === e.hostId)?.proberEnabled).toBeNull();
  });
});
