import { describe, expect, it } from 'vitest';
import {
  DesiredStateQuerySchema, DesiredStateResponseSchema, EnrollmentRequestSchema, EnrollmentResponseSchema,
  EventBatchResponseSchema, EventBatchSchema, EVENT_BATCH_MAX, HeartbeatSchema,
} from './dto';

const CSR = '-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n';
const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const event = {
  id: '0123456789abcdef0123456789abcdef', ts: '2026-06-20T04:41:07.123Z', decky: 'web-01', service: 'ssh',
  eventType: 'connect', fields: {}, raw: '<134>1 ...',
};

describe('enrollment', () => {
  it('accepts a request with token, CSR, hostname and version', () => {
    const req = { token: 'enr_0123456789abcdef', csrPem: CSR, hostname: 'sensor-01.example.net', agentVersion: '0.1.0' };
    expect(EnrollmentRequestSchema.parse(req)).toEqual(req);
  });

  it.each([
    ['short token', { token: 'x' }],
    ['token with spaces', { token: 'enr 0123456789abcdef' }],
    ['a certificate instead of a CSR', { csrPem: CERT }],
    ['a bad hostname', { hostname: 'bad_host!' }],
    ['an empty version', { agentVersion: '' }],
  ])('rejects %s', (_n, patch) => {
    const req = { token: 'enr_0123456789abcdef', csrPem: CSR, hostname: 'sensor-01', agentVersion: '0.1.0', ...patch };
    expect(EnrollmentRequestSchema.safeParse(req).success).toBe(false);
  });

  it('requires an https mTLS URL and PEM certificates in the response', () => {
    const res = { hostId: 'h_1', certificatePem: CERT, caCertificatePem: CERT, controlPlaneMtlsUrl: 'https://cp.example.net:8443' };
    expect(EnrollmentResponseSchema.safeParse(res).success).toBe(true);
    expect(EnrollmentResponseSchema.safeParse({ ...res, controlPlaneMtlsUrl: 'http://cp.example.net' }).success).toBe(false);
    expect(EnrollmentResponseSchema.safeParse({ ...res, certificatePem: 'nope' }).success).toBe(false);
  });
});

describe('event batch', () => {
  it('takes 1..5000 schema-valid events', () => {
    expect(EventBatchSchema.safeParse({ events: [event] }).success).toBe(true);
    expect(EventBatchSchema.safeParse({ events: [] }).success).toBe(false);
    expect(EventBatchSchema.safeParse({ events: Array(EVENT_BATCH_MAX + 1).fill(event) }).success).toBe(false);
    expect(EventBatchSchema.safeParse({ events: [{ ...event, id: '' }] }).success).toBe(false);
    expect(EventBatchResponseSchema.parse({ accepted: 3, duplicates: 2 })).toEqual({ accepted: 3, duplicates: 2 });
    expect(EventBatchResponseSchema.safeParse({ accepted: -1, duplicates: 0 }).success).toBe(false);
  });
});

describe('heartbeat', () => {
  const hb = {
    agentVersion: '0.1.0',
    uptimeS: 3600,
    workers: [{ name: 'collector', status: 'ok', lastSeenTs: '2026-06-20T04:41:07Z' }],
    deckies: [{ name: 'web-01', state: 'running', services: ['ssh', 'http'], runtime: 'docker' },
      { name: 'db-01', state: 'failed', services: ['mysql'], runtime: 'local', error: 'port 3306 in use' }],
    spool: { pending: 12, dropped: 0 },
  };

  it('accepts a full heartbeat', () => {
    expect(HeartbeatSchema.parse(hb)).toEqual(hb);
  });

  it('rejects unknown worker statuses, decky states and runtimes', () => {
    expect(HeartbeatSchema.safeParse({ ...hb, workers: [{ ...hb.workers[0], status: 'meh' }] }).success).toBe(false);
    expect(HeartbeatSchema.safeParse({ ...hb, deckies: [{ ...hb.deckies[0], state: 'zombie' }] }).success).toBe(false);
    expect(HeartbeatSchema.safeParse({ ...hb, deckies: [{ ...hb.deckies[0], runtime: 'vm' }] }).success).toBe(false);
    expect(HeartbeatSchema.safeParse({ ...hb, spool: { pending: -1, dropped: 0 } }).success).toBe(false);
  });
});

describe('desired state', () => {
  const decky = {
    name: 'web-01', archetype: 'linux-server', services: ['ssh', 'http'],
    serviceConfig: { ssh: { password: 'admin' } }, nmapOs: 'linux', mutateIntervalMin: 30, ip: '192.168.1.82',
  };

  it('accepts a versioned list of deployable deckies', () => {
    expect(DesiredStateResponseSchema.parse({ version: 7, deckies: [decky] })).toEqual({ version: 7, deckies: [decky] });
    expect(DesiredStateResponseSchema.safeParse({ version: 0, deckies: [] }).success).toBe(true);
  });

  it.each([
    ['no services', { services: [] }],
    ['a duplicate service', { services: ['ssh', 'ssh'] }],
    ['an unknown archetype', { archetype: 'mainframe' }],
    ['an unknown OS family', { nmapOs: 'plan9' }],
    ['a bad ip', { ip: '192.168.1.300' }],
    ['a bad name', { name: 'web_01-' }],
    ['a 64-char name', { name: 'a'.repeat(64) }],
    ['a zero mutate interval', { mutateIntervalMin: 0 }],
  ])('rejects a decky with %s', (_n, patch) => {
    expect(DesiredStateResponseSchema.safeParse({ version: 1, deckies: [{ ...decky, ...patch }] }).success).toBe(false);
  });

  it('rejects duplicate decky names and coerces the poll query', () => {
    expect(DesiredStateResponseSchema.safeParse({ version: 1, deckies: [decky, decky] }).success).toBe(false);
    expect(DesiredStateQuerySchema.parse({ sinceVersion: '7', waitS: '25' })).toEqual({ sinceVersion: 7, waitS: 25 });
    expect(DesiredStateQuerySchema.safeParse({ waitS: '600' }).success).toBe(false);
  });
});
