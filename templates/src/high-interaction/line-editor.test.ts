import { describe, expect, it } from 'vitest';
import { LineEditor } from './line-editor';

describe('LineEditor', () => {
  it('ends lines on Enter, applies erase keys and skips escape sequences', () => {
    const ed = new LineEditor();
    expect(ed.feed('unmae\x7f\x7f\x7fame -a\r')).toEqual(['uname -a']);
    expect(ed.feed('rm -rf /\x15id\r')).toEqual(['id']);
    expect(ed.feed('\x1b[Acat /etc/pas')).toEqual([]);
    expect(ed.feed('swd\rwget http://x/y\x03\r\r')).toEqual(['cat /etc/passwd']);
    expect(ed.feed('echo one two\x17three\n')).toEqual(['echo one three']);
  });

  it('bounds a line', () => {
    const ed = new LineEditor();
    const [line] = ed.feed(`${'a'.repeat(5000)}\r`);
    expect(line).toHaveLength(1024);
  });
});
