// The scp sink parser (scp.c's sink() protocol): control lines, file data split anywhere, bounded
// lines, and the `scp -t` command recogniser; plus SFTP path resolution.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseControl, ScpSinkParser, scpSinkTarget, type ScpFrame } from './parser';
import { resolvePath } from './sftp-sink';

function collect(chunks: Uint8Array[]): { files: Array<{ name: string; data: string }>; frames: ScpFrame['kind'][] } {
  const p = new ScpSinkParser();
  const files: Array<{ name: string; data: string }> = [];
  const frames: ScpFrame['kind'][] = [];
  for (const c of chunks) {
    for (const f of p.feed(c)) {
      if (f.kind !== 'data') frames.push(f.kind);
      if (f.kind === 'file') files.push({ name: f.name, data: '' });
      const last = files[files.length - 1];
      if (f.kind === 'data' && last) last.data += Buffer.from(f.bytes).toString('latin1');
    }
  }
  return { files, frames };
}

const stream = Buffer.from('T1700000000 0 1700000000 0\nD0755 0 dir\nC0644 5 a.txt\nhello\0C0600 0 empty\n\0E\n', 'latin1');

describe('ScpSinkParser', () => {
  it('parses times, directories, files and empty files', () => {
    expect(collect([stream])).toEqual({
      files: [{ name: 'a.txt', data: 'hello' }, { name: 'empty', data: '' }],
      frames: ['times', 'dir', 'file', 'file-done', 'file', 'file-done', 'end-dir'],
    });
  });

  it('gives the same files however the stream is split', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(stream.length), { maxLength: 12 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks: Uint8Array[] = [];
        let prev = 0;
        for (const p of points) {
          chunks.push(stream.subarray(prev, p));
          prev = p;
        }
        chunks.push(stream.subarray(prev));
        expect(collect(chunks)).toEqual(collect([stream]));
      }),
      { numRuns: 200 },
    );
  });

  it('rejects bad and oversized control lines and never throws on random input', () => {
    expect(parseControl('C0644 5 ../x')).toMatchObject({ kind: 'error' });
    expect(parseControl('Cabc')).toMatchObject({ kind: 'error' });
    expect(parseControl('D0755 0 ..')).toMatchObject({ kind: 'error' });
    expect(collect([Buffer.from('C0644 1 ' + 'x'.repeat(5000))]).frames).toEqual(['error']);
    fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 400 }), { maxLength: 6 }), (chunks) => void collect(chunks)), { numRuns: 200 });
  });

  it('recognises the scp sink command', () => {
    expect(scpSinkTarget('scp -t /tmp/')).toBe('/tmp/');
    expect(scpSinkTarget('scp -v -r -t -- /var/tmp')).toBe('/var/tmp');
    expect(scpSinkTarget("scp -t -d 'my file'")).toBe('my file');
    expect(scpSinkTarget('scp -f /etc/passwd')).toBeNull();
    expect(scpSinkTarget('uname -a')).toBeNull();
  });
});

describe('resolvePath', () => {
  it('resolves against the home directory without escaping /', () => {
    expect(resolvePath('/root', '.')).toBe('/root');
    expect(resolvePath('/root', 'x/../y')).toBe('/root/y');
    expect(resolvePath('/home/a', '/tmp/../../../etc/passwd')).toBe('/etc/passwd');
  });
});
