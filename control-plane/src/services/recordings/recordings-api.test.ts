// Session replay through the real agent API (mutual TLS) and the query API: a cast uploaded as
// recording_chunk pieces (out of order, one re-sent) comes back byte for byte, verified against the
// summary's SHA-256, as a plain-text transcript, never from another session or host, never as events.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../testing/agent-harness';
import { castTranscript } from './transcript';

let h: Harness;
let hostId = '';
let send: (events: object[]) => Promise<{ status: number; body: Record<string, any> }>;
const IP = '198.51.100.77';
const t0 = Date.now() - 120_000;
let n = 0;

const ev = (eventType: string, fields: Record<string, string>, offsetS: number) => ({
  id: `rec-${++n}-${Math.random().toString(16).slice(2)}`, ts: new Date(t0 + offsetS * 1000).toISOString(), decky: 'web-01', service: 'ssh', eventType, srcIp: IP, srcPort: 41000, fields, raw: `<134>1 - web-01 ssh - ${eventType} -`,
});

// A cast as the sensor's recorder writes it: escapes, a hostile title-setting OSC, multi-byte text,
// and enough output to need several 3,000-byte pieces.
const header = JSON.stringify({ version: 2, width: 80, height: 24, timestamp: Math.floor(t0 / 1000), env: { TERM: 'xterm', SHELL: '/bin/bash' } });
const evs: Array<[number, string, string]> = [[0.1, 'o', 'root@web-01:~# '], [1.5, 'i', 'w'], [1.6, 'o', 'w'], [1.7, 'i', 'hoami\r'], [1.8, 'o', 'hoami\r\nroot\r\n\x1b]0;pwn\x07\x1b[01;32mroot@web-01\x1b[00m:~# '], [2, 'i', 'ls\x7f\x7fcat /etc/passwd\r'], [2.1, 'o', 'ls\b \b\b \bcat /etc/passwd\r\n']];
for (let i = 0; i < 200; i++) evs.push([3 + i / 100, 'o', `daemon${i}:x:${i}:${i}:ünïcode 😀:/usr/sbin:/usr/sbin/nologin\r\n`]);
const cast = `${[header, ...evs.map((e) => JSON.stringify(e))].join('\n')}\n`;
const bytes = Buffer.from(cast, 'utf8');
const chunks: string[] = [];
for (let i = 0; i < bytes.length; i += 3000) chunks.push(bytes.subarray(i, i + 3000).toString('base64'));
const sha = createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  h = await startHarness();
  const a = await h.enroll('sensor-rec');
  hostId = a.hostId;
  const d = h.mtls(a.certificatePem, a.keyPem);
  send = (events) => h.agentCall(d, '/agent/v1/events', { events });
  const sid = { session_id: 'sess-rec-1' };
  const pieces = chunks.map((data, seq) => ev('recording_chunk', { ...sid, sid: 'sess-rec-1', seq: String(seq), of: String(chunks.length), data }, 60));
  expect((await send([ev('connect', sid, 0), ev('command', { ...sid, cmd: 'whoami' }, 2), ...pieces.slice(1).reverse()])).status).toBe(200);
  expect((await send([pieces[0]!, pieces[1]!, ev('session_recorded', { ...sid, sid: 'sess-rec-1', duration_s: '5', bytes: String(bytes.length), truncated: 'false', chunks: String(chunks.length), cast_sha256: sha }, 60), ev('disconnect', sid, 61)])).status).toBe(200);
  // Another session on the same decky with only part of its recording uploaded.
  const other = { session_id: 'sess-rec-2' };
  await send([ev('connect', other, 70), ev('recording_chunk', { ...other, sid: 'sess-rec-2', seq: '1', of: '2', data: chunks[0]! }, 71)]);
}, 60_000);
afterAll(() => h?.close());

const sessionsOf = async () => (await h.api('/api/v1/sessions?service=ssh')).body.items as Array<{ id: string }>;
const path = (id: string, what: string) => `/api/v1/sessions/${encodeURIComponent(id)}/${what}`;

describe('session recording API', () => {
  it('rebuilds the cast byte for byte from pieces sent out of order and twice, verified', async () => {
    expect(chunks.length).toBeGreaterThan(3);
    const id = (await sessionsOf()).find((s) => s.id.endsWith('/sess-rec-1'))!.id;
    expect(id).toBe(`${hostId}/web-01/ssh/sess-rec-1`);
    const res = await h.raw(path(id, 'recording'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/x-asciicast');
    expect(res.headers.get('x-recording-verified')).toBe('true');
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    const dl = await h.raw(`${path(id, 'recording')}?download=1`);
    expect(dl.headers.get('content-disposition')).toMatch(/^attachment; filename="session-[A-Za-z0-9._-]+\.cast"$/);
  });

  it('gives a plain-text transcript with escapes removed and erasing applied', async () => {
    const id = (await sessionsOf()).find((s) => s.id.endsWith('/sess-rec-1'))!.id;
    const res = await h.raw(path(id, 'transcript'));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toBe(castTranscript(cast));
    expect(text.startsWith('root@web-01:~# whoami\nroot\nroot@web-01:~# cat /etc/passwd\ndaemon0:x:0:0:ünïcode 😀:')).toBe(true);
    expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
  });

  it('answers 404 for an incomplete recording, a session without one and an unknown session', async () => {
    const list = await sessionsOf();
    const partial = list.find((s) => s.id.endsWith('/sess-rec-2'))!.id;
    const r1 = await h.raw(path(partial, 'recording'));
    expect(r1.status).toBe(404);
    expect(((await r1.json()) as { error: { message: string } }).error.message).toContain('1 of 2');
    expect((await h.raw(path(`${hostId}/web-01/ssh/nope`, 'recording'))).status).toBe(404);
    expect((await h.raw(path('x'.repeat(601), 'transcript'))).status).toBe(422);
  });

  it('keeps the pieces out of the events list and the session counts', async () => {
    const pieces = await h.api('/api/v1/events?eventType=recording_chunk');
    expect(pieces.status).toBe(200);
    expect(pieces.body.items).toHaveLength(0);
    const all = await h.api('/api/v1/events?service=ssh&limit=500');
    expect((all.body.items as Array<{ eventType: string }>).map((e) => e.eventType).sort()).toEqual(['command', 'connect', 'connect', 'disconnect', 'session_recorded']);
  });

  it('requires a login', async () => {
    const id = (await sessionsOf())[0]!.id;
    const res = await fetch(h.cp.url + path(id, 'recording'));
    expect(res.status).toBe(401);
  });
});
