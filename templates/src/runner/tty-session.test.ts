// The shared line discipline: echo, erase, ^C/^D, CR LF and CR NUL, escape sequences, hidden
// password input and the bounded line - against a scripted stand-in for the fake shell.
import { describe, expect, it } from 'vitest';
import type { Shell } from '../_shell/shell';
import { onlcr, TtyLineDiscipline } from './tty-session';

function fakeShell(): Shell & { lines: string[]; secret: boolean; interrupts: number } {
  const s = {
    lines: [] as string[],
    secret: false,
    interrupts: 0,
    prompt: () => (s.secret ? '[sudo] password for u: ' : '$ '),
    execute(line: string) {
      s.lines.push(line);
      if (line === 'sudo -i') {
        s.secret = true;
        return { output: '' };
      }
      if (s.secret) {
        s.secret = false;
        return { output: '\n' };
      }
      if (line === 'exit') return { output: 'logout\n', exit: true };
      return { output: `ran ${line}\n` };
    },
    banner: () => 'Welcome\n',
    isSecretInput: () => s.secret,
    interrupt: () => {
      s.interrupts++;
    },
    stats: () => ({ overlayBytes: 0, overlayEntries: 0, history: 0 }),
  };
  return s;
}

function setup(maxLineChars = 4095) {
  const shell = fakeShell();
  let out = '';
  let exited = false;
  const tty = new TtyLineDiscipline({ shell, write: (t) => (out += t), onExit: () => (exited = true), maxLineChars });
  tty.start();
  return { shell, tty, out: () => out, exited: () => exited, reset: () => (out = '') };
}

describe('TtyLineDiscipline', () => {
  it('writes the banner with CRLF, echoes input and runs lines on CR', () => {
    const t = setup();
    expect(t.out()).toBe('Welcome\r\n$ ');
    t.reset();
    t.tty.feed('ls\r');
    expect(t.shell.lines).toEqual(['ls']);
    expect(t.out()).toBe('ls\r\nran ls\r\n$ ');
  });

  it('treats CR LF and CR NUL as one Enter, even split across chunks', () => {
    const t = setup();
    t.tty.feed('a\r');
    t.tty.feed('\nb\r\0c\n');
    expect(t.shell.lines).toEqual(['a', 'b', 'c']);
  });

  it('erases with DEL/BS, ^U and ^W, and swallows escape sequences', () => {
    const t = setup();
    t.tty.feed('lsx\x7f -l\x1b[A\x1b[1;5C\x1bOB\r');
    t.tty.feed('junk words\x17\x17cat\r');
    t.tty.feed('zzz\x15pwd\r');
    expect(t.shell.lines).toEqual(['ls -l', 'cat', 'pwd']);
  });

  it('handles ^C and ^D like bash', () => {
    const t = setup();
    t.tty.feed('half\x03');
    expect(t.shell.interrupts).toBe(1);
    expect(t.out()).toContain('half^C\r\n$ ');
    t.tty.feed('x\x04');
    expect(t.exited()).toBe(false);
    t.tty.feed('\x15\x04');
    expect(t.shell.lines).toEqual(['exit']);
    expect(t.exited()).toBe(true);
    expect(t.out()).toMatch(/logout\r\n$/);
    t.tty.feed('ignored\r');
    expect(t.shell.lines).toEqual(['exit']);
  });

  it('does not echo a password prompt answer', () => {
    const t = setup();
    t.tty.feed('sudo -i\r');
    t.reset();
    t.tty.feed('hunter2\r');
    expect(t.shell.lines).toEqual(['sudo -i', 'hunter2']);
    expect(t.out()).not.toContain('hunter2');
  });

  it('bounds the line and rings the bell past it', () => {
    const t = setup(8);
    t.tty.feed(`${'a'.repeat(20)}\r`);
    expect(t.shell.lines).toEqual(['aaaaaaaa']);
    expect(t.out()).toContain('\x07');
  });

  it('decodes UTF-8 split across chunks', () => {
    const t = setup();
    const bytes = Buffer.from('echo ü\r');
    t.tty.feed(bytes.subarray(0, 6));
    t.tty.feed(bytes.subarray(6));
    expect(t.shell.lines).toEqual(['echo ü']);
  });

  it('onlcr converts LF without doubling CRLF', () => {
    expect(onlcr('a\nb\r\nc')).toBe('a\r\nb\r\nc');
  });
});
