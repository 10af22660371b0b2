// Docker log frames to positioned lines: headers split anywhere, partial lines joined, positions
// strictly increasing (same-timestamp lines get a sequence) and a resume point honoured.
import { describe, expect, it } from 'vitest';
import { comparePositions } from '../log-stream';
import { DockerLogDecoder } from './log-lines';
import { decodePosition, encodePosition, parseDockerTimestamp, sinceParam } from './log-position';

function frame(payload: string, kind = 1): Buffer {
  const body = Buffer.from(payload);
  const h = Buffer.alloc(8);
  h[0] = kind;
  h.writeUInt32BE(body.length, 4);
  return Buffer.concat([h, body]);
}

const T1 = '2026-01-02T03:04:05.123456789Z';
const T2 = '2026-01-02T03:04:05.1235Z';

describe('docker log positions', () => {
  it('parses RFC3339Nano with trimmed zeros and round-trips positions and since', () => {
    expect(parseDockerTimestamp(T2)! - parseDockerTimestamp(T1)!).toBe(43_211n);
    expect(parseDockerTimestamp('garbage')).toBeUndefined();
    const ts = parseDockerTimestamp(T1)!;
    expect(decodePosition(encodePosition(ts, 7))).toEqual({ tsNs: ts, seq: 7 });
    expect(sinceParam(ts)).toBe(`${Date.parse('2026-01-02T03:04:05Z') / 1000}.123456789`);
  });
});

describe('DockerLogDecoder', () => {
  const all = Buffer.concat([frame(`${T1} one\n`), frame(`${T1} two\n`), frame(`${T2} par`), frame(`${T2} tial\n`), frame(`${T2} four\r\n`)]);

  it('decodes frames split at every byte, joins partial frames, orders positions', () => {
    const d = new DockerLogDecoder();
    const out = [...all].flatMap((b) => d.push(Buffer.from([b])));
    expect(out.map((l) => l.line)).toEqual(['one', 'two', 'partial', 'four']);
    for (let i = 1; i < out.length; i++) expect(comparePositions(out[i - 1]!.position, out[i]!.position)).toBeLessThan(0);
  });

  it('drops what is at or before the resume point', () => {
    const first = new DockerLogDecoder().push(all);
    const resumed = new DockerLogDecoder(decodePosition(first[1]!.position)).push(all);
    expect(resumed.map((l) => l.position)).toEqual(first.slice(2).map((l) => l.position));
  });
});
