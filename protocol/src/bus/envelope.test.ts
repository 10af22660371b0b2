import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decodeEnvelope, encodeEnvelope, ENVELOPE_MAX_BYTES, makeEnvelope } from './envelope';
import { ControlPayloadSchema, HealthPayloadSchema, workerLiveness } from './health';

describe('envelope', () => {
  it('makeEnvelope fills v, id and an ISO ts', () => {
    const e = makeEnvelope('decky.state', { state: 'running' }, { nowMs: 0 });
    expect(e).toMatchObject({ v: 1, ts: '1970-01-01T00:00:00.000Z', type: 'decky.state', payload: { state: 'running' } });
    expect(e.id).toMatch(/^[0-9a-f]{32}$/);
    expect(makeEnvelope('x', null, { id: 'fixed' }).id).toBe('fixed');
  });

  it('round-trips through encode/decode, from text or bytes, with a payload schema', () => {
    const health = { worker: 'collector', status: 'ok' as const, uptimeS: 12.5, counters: { lines: 10 } };
    const e = makeEnvelope('worker.health', health);
    const text = encodeEnvelope(e);
    expect(decodeEnvelope(text, HealthPayloadSchema)).toEqual({ ok: true, envelope: e });
    expect(decodeEnvelope(new TextEncoder().encode(text))).toEqual({ ok: true, envelope: e });
  });

  it('refuses bad payloads, versions, JSON and sizes without throwing', () => {
    const e = makeEnvelope('worker.health', { worker: 'Bad Name', status: 'ok', uptimeS: 1 });
    expect(decodeEnvelope(encodeEnvelope(e), HealthPayloadSchema).ok).toBe(false);
    expect(decodeEnvelope(JSON.stringify({ ...e, v: 2 })).ok).toBe(false);
    expect(decodeEnvelope('{not json').ok).toBe(false);
    expect(decodeEnvelope(new Uint8Array([0xff, 0xfe, 0x7b])).ok).toBe(false);
    expect(decodeEnvelope('x'.repeat(ENVELOPE_MAX_BYTES + 1)).ok).toBe(false);
    expect(decodeEnvelope('null').ok).toBe(false);
    const r = decodeEnvelope(JSON.stringify({ v: 1, id: 'i', ts: 'now', type: 't', payload: {} }), z.object({}));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain('ts');
  });
});

describe('health and control payloads', () => {
  it('validate worker health and stop intents', () => {
    expect(HealthPayloadSchema.safeParse({ worker: 'sniffer', status: 'degraded', uptimeS: 3, message: 'pcap lost' }).success).toBe(true);
    expect(HealthPayloadSchema.safeParse({ worker: 'sniffer', status: 'unknown', uptimeS: 3 }).success).toBe(false);
    expect(ControlPayloadSchema.safeParse({ action: 'stop', requestedBy: 'admin' }).success).toBe(true);
    expect(ControlPayloadSchema.safeParse({ action: 'rm -rf', requestedBy: 'admin' }).success).toBe(false);
  });

  it('workerLiveness: ok within 90 s, stale after, unknown if never heard', () => {
    expect(workerLiveness(1000, 91_000)).toBe('ok');
    expect(workerLiveness(1000, 91_001)).toBe('stale');
    expect(workerLiveness(null, 5)).toBe('unknown');
  });
});
