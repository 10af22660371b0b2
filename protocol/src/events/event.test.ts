import { describe, expect, it } from 'vitest';
import { parseDecnetLine } from '../rfc5424/decnet-record';
import { boundFields, eventIdFor, randomEventId, serviceEventFromRecord, ServiceEventSchema } from './event';

const valid = {
  id: 'a'.repeat(32),
  ts: '2026-06-20T04:41:07.123Z',
  decky: 'web-01',
  service: 'ssh',
  eventType: 'auth_attempt',
  srcIp: '203.0.113.9',
  srcPort: 51234,
  fields: { username: 'root' },
  raw: '<134>1 ...',
};

describe('ServiceEventSchema', () => {
  it('accepts a well-formed event, with or without optional parts', () => {
    expect(ServiceEventSchema.parse(valid)).toEqual(valid);
    const { srcIp: _a, srcPort: _b, ...minimal } = valid;
    expect(ServiceEventSchema.safeParse(minimal).success).toBe(true);
    expect(ServiceEventSchema.safeParse({ ...valid, ts: '2026-06-20T04:41:07.123456+02:00' }).success).toBe(true);
  });

  it.each([
    ['empty id', { id: '' }],
    ['long id', { id: 'x'.repeat(129) }],
    ['id with spaces', { id: 'a b' }],
    ['bad ts', { ts: 'yesterday' }],
    ['bad ip', { srcIp: '999.1.1.1' }],
    ['bad port', { srcPort: 70000 }],
    ['long value', { fields: { a: 'x'.repeat(4097) } }],
    ['too many fields', { fields: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v'])) }],
    ['long field name', { fields: { ['k'.repeat(33)]: 'v' } }],
    ['long raw', { raw: 'x'.repeat(16_385) }],
    ['long event type', { eventType: 'e'.repeat(33) }],
  ])('rejects %s', (_name, patch) => {
    expect(ServiceEventSchema.safeParse({ ...valid, ...patch }).success).toBe(false);
  });
});

describe('event ids', () => {
  it('eventIdFor is deterministic, 32 hex chars, and distinguishes source/offset splits', async () => {
    const a = await eventIdFor('host-1/ctr-abc/stdout', 1024);
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(await eventIdFor('host-1/ctr-abc/stdout', '1024')).toBe(a);
    expect(await eventIdFor('host-1/ctr-abc/stdout', 1025)).not.toBe(a);
    expect(await eventIdFor('a|1', 2)).not.toBe(await eventIdFor('a', '1|2'));
  });

  it('eventIdFor matches SHA-256 of the documented input', async () => {
    // sha256("3:abc|7") computed independently of the implementation under test.
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode('3:abc|7'));
    const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
    expect(await eventIdFor('abc', 7)).toBe(hex.slice(0, 32));
  });

  it('randomEventId is 32 hex chars and unique', () => {
    const ids = new Set(Array.from({ length: 1000 }, randomEventId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('serviceEventFromRecord', () => {
  it('builds a schema-valid event from a collector record', () => {
    const r = parseDecnetLine('<134>1 2026-06-20T04:41:07.5+00:00 web-01 http - request [relay@55555 remote_addr="198.51.100.7:55001" path="/admin"] GET /admin');
    if (r.kind !== 'record') throw new Error(r.kind);
    const e = serviceEventFromRecord(r.record, 'id-1');
    expect(ServiceEventSchema.parse(e)).toEqual({
      id: 'id-1',
      ts: '2026-06-20T04:41:07.500Z',
      decky: 'web-01',
      service: 'http',
      eventType: 'request',
      srcIp: '198.51.100.7',
      srcPort: 55001,
      fields: { remote_addr: '198.51.100.7:55001', path: '/admin', remote_port: '55001' },
      msg: 'GET /admin',
      raw: r.record.rawLine,
    });
  });

  it('bounds oversized third-party records so they still validate', () => {
    const fields = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, 'v'.repeat(5000)]));
    fields['n'.repeat(40)] = 'x';
    const e = serviceEventFromRecord(
      { timestamp: '2026-01-01T00:00:00.000Z', decky: 'd', service: 's', eventType: 'e', attackerIp: null, fields, msg: 'm'.repeat(20_000), rawLine: 'r'.repeat(20_000), severity: 6 },
      'id-2',
    );
    expect(ServiceEventSchema.safeParse(e).success).toBe(true);
    expect(Object.keys(e.fields)).toHaveLength(64);
    expect(boundFields({ ['x'.repeat(33)]: 'v', ok: 'v' })).toEqual({ ok: 'v' });
  });
});
