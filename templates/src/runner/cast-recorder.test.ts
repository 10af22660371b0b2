// The asciinema v2 recorder: header and event lines as the asciicast v2 format defines them, the
// byte and duration caps, and chunking for upload (reassembled byte for byte).
import { describe, expect, it } from 'vitest';
import { castChunks, CastRecorder } from './cast-recorder';

function clock(startMs: number) {
  let t = startMs;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

const lines = (text: string) => text.trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);

describe('CastRecorder', () => {
  it('writes a v2 header and ordered [time, code, data] events for output and input', () => {
    const c = clock(1_700_000_000_500);
    const rec = new CastRecorder({ width: 132, height: 43, term: 'xterm-256color', startMs: c.now() }, { maxBytes: 1 << 20, maxDurationMs: 60_000 }, c.now);
    rec.output('root@web:~# ');
    c.advance(1250);
    rec.input('id\r');
    c.advance(5);
    rec.output('uid=0(root) gid=0(root)\r\n\x1b[0m');
    const out = rec.finish();
    const [head, ...events] = lines(out.text);
    expect(head).toEqual({ version: 2, width: 132, height: 43, timestamp: 1_700_000_000, env: { TERM: 'xterm-256color', SHELL: '/bin/bash' } });
    expect(events).toEqual([
      [0, 'o', 'root@web:~# '],
      [1.25, 'i', 'id\r'],
      [1.255, 'o', 'uid=0(root) gid=0(root)\r\n\x1b[0m'],
    ]);
    expect(out).toMatchObject({ bytes: Buffer.byteLength(out.text), durationS: 1.255, truncated: false, events: 3 });
  });

  it('stops at the byte cap and marks the cast truncated, never exceeding it', () => {
    const rec = new CastRecorder({ width: 80, height: 24, term: 'vt100', startMs: 0 }, { maxBytes: 400, maxDurationMs: 60_000 }, () => 0);
    for (let i = 0; i < 50; i++) rec.output(`line ${i} ${'x'.repeat(20)}\r\n`);
    const out = rec.finish();
    expect(out.truncated).toBe(true);
    expect(out.bytes).toBeLessThanOrEqual(400);
    expect(Buffer.byteLength(out.text)).toBe(out.bytes);
    expect(out.events).toBeGreaterThan(0);
    expect(lines(out.text)).toHaveLength(out.events + 1);
  });

  it('stops after the duration cap', () => {
    const c = clock(0);
    const rec = new CastRecorder({ width: 80, height: 24, term: 'vt100', startMs: 0 }, { maxBytes: 1 << 20, maxDurationMs: 10_000 }, c.now);
    rec.output('a');
    c.advance(10_001);
    rec.output('b');
    expect(rec.finish()).toMatchObject({ events: 1, truncated: true });
  });

  it('keeps hostile text as JSON values: terminal escapes, quotes, lone surrogates, a bounded TERM', () => {
    const rec = new CastRecorder({ width: Number.NaN, height: -5, term: `"evil"${'x'.repeat(500)}`, startMs: 0 }, undefined, () => 0);
    rec.input('\x1b]0;pwn\x07"},{"version":3\n\ud800');
    const [head, ev] = lines(rec.finish().text) as [{ width: number; height: number; env: { TERM: string } }, [number, string, string]];
    expect(head.width).toBe(80);
    expect(head.height).toBe(24); // 0 or negative: the default (OpenSSH -tt without a terminal sends 0x0)
    expect(head.env.TERM).toHaveLength(64);
    expect(ev[2]).toBe('\x1b]0;pwn\x07"},{"version":3\n\ufffd');
  });
});

describe('castChunks', () => {
  it('splits into base64 pieces of at most 3,000 bytes that join back to the same UTF-8 text', () => {
    const text = `${'é€😀abc\n'.repeat(2000)}`;
    const chunks = castChunks(text);
    expect(chunks.length).toBe(Math.ceil(Buffer.byteLength(text) / 3000));
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(4000);
    expect(Buffer.concat(chunks.map((c) => Buffer.from(c, 'base64'))).toString('utf8')).toBe(text);
    expect(castChunks('')).toEqual([]);
  });
});
