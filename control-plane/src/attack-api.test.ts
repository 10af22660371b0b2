// ATT&CK API through a real Node control plane: events in over the agent API, then the fleet matrix,
// techniques with evidence per attacker and per attacker set, the attackers list filtered by
// technique, the rule list and the admin patch (validated, persisted), all in the OpenAPI document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './testing/agent-harness';

let h: Harness;
const SHELL = '198.51.100.40';
const WEB = '198.51.100.41';
let n = 0;
const t0 = Date.now() - 300_000;
function ev(ip: string, service: string, eventType: string, fields: Record<string, string>) {
  n++;
  return { id: `attack-${n}-${Math.random().toString(16).slice(2)}`, ts: new Date(t0 + n * 1000).toISOString(), decky: 'web-01', service, eventType, srcIp: ip, srcPort: 40000 + n, fields, raw: `<134>1 - web-01 ${service} - ${eventType} -` };
}
const idOf = async (ip: string) => ((await h.api(`/api/v1/attackers?q=${ip}`)).body.items as { id: string; ip: string }[]).find((a) => a.ip === ip)!.id;

beforeAll(async () => {
  h = await startHarness();
  const a = await h.enroll('sensor-attack');
  const d = h.mtls(a.certificatePem, a.keyPem);
  const res = await h.agentCall(d, '/agent/v1/events', {
    events: [
      ev(SHELL, 'ssh', 'command', { session_id: 's1', cmd: 'cat /etc/shadow; history -c' }),
      ev(WEB, 'http', 'request', { method: 'GET', path: '/../../../../etc/passwd', user_agent: 'Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)' }),
    ],
  });
  expect(res.status).toBe(200);
});
afterAll(() => h?.close());

describe('ATT&CK API', () => {
  it('serves the fleet matrix with tactics and attacker counts', async () => {
    const m = await h.api('/api/v1/attack/matrix');
    expect(m.status).toBe(200);
    expect(m.body.release).toMatch(/^enterprise-attack /);
    expect(m.body.tactics.map((t: { short: string }) => t.short)).toContain('credential-access');
    expect(m.body.techniques).toEqual(expect.arrayContaining([
      expect.objectContaining({ techniqueId: 'T1003.008', name: 'OS Credential Dumping: /etc/passwd and /etc/shadow', attackers: 1 }),
      expect.objectContaining({ techniqueId: 'T1070.003', attackers: 1 }),
      expect.objectContaining({ techniqueId: 'T1190', attackers: 1 }),
      expect.objectContaining({ techniqueId: 'T1595.002', attackers: 1 }),
    ]));
  });

  it('serves techniques with evidence per attacker and per attacker set', async () => {
    const shell = await idOf(SHELL);
    const web = await idOf(WEB);
    const one = await h.api(`/api/v1/attackers/${shell}/techniques`);
    expect(one.status).toBe(200);
    const shadow = one.body.techniques.find((t: { techniqueId: string }) => t.techniqueId === 'T1003.008');
    expect(shadow.tags[0]).toMatchObject({ ruleId: 'R0014', source: 'command', evidence: { command: 'cat /etc/shadow; history -c' } });
    const both = await h.api(`/api/v1/attack/techniques?ids=${shell},${web}`);
    expect(both.body.techniques.map((t: { techniqueId: string }) => t.techniqueId).sort()).toEqual(['T1003.008', 'T1070.003', 'T1190', 'T1595.002']);
    expect((await h.api('/api/v1/attack/techniques?ids=nothex')).status).toBe(422);
  });

  it('filters attackers by technique (a parent technique includes its sub-techniques)', async () => {
    const byParent = await h.api('/api/v1/attackers?technique=T1003');
    expect(byParent.body.items.map((a: { ip: string }) => a.ip)).toEqual([SHELL]);
    const bySub = await h.api('/api/v1/attackers?technique=T1595.002');
    expect(bySub.body.items.map((a: { ip: string }) => a.ip)).toEqual([WEB]);
    expect((await h.api('/api/v1/attackers?technique=T1059')).body.total).toBe(0);
    expect((await h.api('/api/v1/attackers?technique=DROP')).status).toBe(422);
  });

  it('lists rules and lets an admin disable and cap them', async () => {
    const list = await h.api('/api/v1/attack/rules');
    expect(list.status).toBe(200);
    const r14 = list.body.items.find((r: { id: string }) => r.id === 'R0014');
    expect(r14).toMatchObject({ enabled: true, confidenceMax: null, techniques: [{ id: 'T1003.008', name: 'OS Credential Dumping: /etc/passwd and /etc/shadow' }] });
    const patched = await h.api('/api/v1/attack/rules/R0014', { enabled: false, confidenceMax: 0.5 }, 'PATCH');
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: 'R0014', enabled: false, confidenceMax: 0.5, updatedBy: expect.any(String) });
    expect((await h.api('/api/v1/attack/rules')).body.items.find((r: { id: string }) => r.id === 'R0014')).toMatchObject({ enabled: false, confidenceMax: 0.5 });
    expect((await h.api('/api/v1/attack/rules/R0014', { confidenceMax: 2 }, 'PATCH')).status).toBe(422);
    expect((await h.api('/api/v1/attack/rules/R0014', {}, 'PATCH')).status).toBe(422);
    expect((await h.api('/api/v1/attack/rules/R9999', { enabled: false }, 'PATCH')).status).toBe(404);
  });

  it('documents the routes in OpenAPI', async () => {
    const doc = await h.api('/api/v1/openapi.json');
    for (const p of ['/attack/matrix', '/attack/rules', '/attack/rules/{id}', '/attackers/{id}/techniques', '/attack/techniques']) expect(Object.keys(doc.body.paths)).toContain(p);
  });
});
