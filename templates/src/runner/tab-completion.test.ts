// Tab and cursor keys through the line discipline against the real fake shell: readline's bell,
// second-Tab listing, "Display all N possibilities?" and --More--, busybox ash's redraws, and
// editing around a completion (cursor movement, backspace) staying right.
import { describe, expect, it } from 'vitest';
import { debian12Persona, testSession } from '../_shell/test-session';
import { exampleShellPersona } from '../_shell/persona';
import type { ShellPersona } from '../_shell/persona';
import { TtyLineDiscipline } from './tty-session';
import { busyboxRows, readlineRows } from './tab-completion';

function setup(persona: ShellPersona, size = { cols: 80, rows: 24 }, user = 'root') {
  const s = testSession({ user, persona });
  const lines: string[] = [];
  const shell = { ...s.shell, execute: (l: string) => (lines.push(l), s.shell.execute(l)) };
  let out = '';
  const tty = new TtyLineDiscipline({ shell, write: (t) => (out += t), onExit: () => undefined, maxLineChars: 4095, columns: () => size.cols, rows: () => size.rows });
  tty.start();
  return {
    s,
    lines,
    prompt: s.shell.prompt(),
    /** Feeds keys and returns what the terminal received for them. */
    keys(k: string): string {
      out = '';
      tty.feed(k);
      return out;
    },
  };
}


describe('Tab in the readline (bash) line discipline', () => {
  it('completes a unique command and path, then runs the completed line', () => {
    const t = setup(debian12Persona('alpha'));
    expect(t.keys('unam')).toBe('unam');
    expect(t.keys('\t')).toBe('e ');
    expect(t.keys('-n; ls /e\t')).toBe('-n; ls /etc/');
    t.keys('\r');
    expect(t.lines).toEqual(['uname -n; ls /etc/']);
  });

  it('rings the bell on an ambiguous word and lists on a second Tab that changed nothing', () => {
    const t = setup(debian12Persona('alpha'));
    expect(t.keys('sha\t')).toBe('sha\x07');
    expect(t.keys('\t')).toBe(`\r\nsha1sum    sha256sum  sha512sum  \r\n${t.prompt}sha`);
    // A Tab that completed a common prefix does not list on the next Tab: bash rings again first.
    t.keys('\x15');
    t.s.run('mkdir /tmp/dd; touch /tmp/dd/alpha1 /tmp/dd/alpha2');
    expect(t.keys('ls /tmp/dd/a\t')).toBe('ls /tmp/dd/a\x07lpha');
    expect(t.keys('\t')).toBe('\x07');
    expect(t.keys('\t')).toBe(`\r\nalpha1  alpha2  \r\n${t.prompt}ls /tmp/dd/alpha`);
    expect(t.keys('\t')).toBe(`\r\nalpha1  alpha2  \r\n${t.prompt}ls /tmp/dd/alpha`);
  });

  it('asks before listing 100 or more and pages with --More--', () => {
    const t = setup(debian12Persona('alpha'), { cols: 80, rows: 10 });
    expect(t.keys('\t')).toBe('\x07');
    const ask = t.keys('\t');
    expect(ask).toMatch(/^\r\nDisplay all (\d+) possibilities\? \(y or n\)$/);
    const n = Number(/(\d+)/.exec(ask)?.[1]);
    expect(n).toBeGreaterThanOrEqual(100);
    expect(t.keys('x')).toBe('\x07');
    expect(t.keys('n')).toBe(`\r\n${t.prompt}`);
    t.keys('\t');
    const page = t.keys('y');
    expect(page.split('\r\n')).toHaveLength(11);
    expect(page.endsWith('--More--')).toBe(true);
    expect(t.keys('\r').split('\r\n')).toHaveLength(2);
    expect(t.keys('q')).toBe(`\r\x1b[K\r${t.prompt}`);
    // The line still works afterwards.
    t.keys('id\r');
    expect(t.lines).toEqual(['id']);
  });

  it('keeps cursor editing right around a completion', () => {
    const t = setup(debian12Persona('alpha'));
    t.keys('cat /etc/hostn');
    // Left over "hostn", type a character mid-line: the tail is redrawn and the cursor steps back.
    expect(t.keys('\x1b[D')).toBe('\b');
    expect(t.keys('X')).toBe('Xn\b');
    expect(t.keys('\x7f')).toBe('\bn \b\b');
    expect(t.keys('\x1b[C\t')).toBe('n' + 'ame ');
    expect(t.keys('\x7f\x7f\x01\x1b[3~')).toBe(`\b \b\b \b${'\b'.repeat(16)}at /etc/hostnam ${'\b'.repeat(16)}`);
    t.keys('\x05 x\x08\r');
    expect(t.lines).toEqual(['at /etc/hostnam ']);
  });

  it('recalls history with Up/Down (and ^P/^N), keeping the line being typed', () => {
    const t = setup(debian12Persona('alpha'));
    const before = t.s.shell.historyLines?.().length ?? 0;
    t.keys('id\r');
    t.keys('uname -n\r');
    expect(t.s.shell.historyLines?.().length).toBe(before + 2);
    t.keys('ec');
    expect(t.keys('\x1b[A')).toBe('\b\buname -n');
    expect(t.keys('\x1b[A')).toBe(`${'\b'.repeat(8)}id${' '.repeat(6)}${'\b'.repeat(6)}`);
    expect(t.keys('\x0e')).toBe('\b\buname -n');
    expect(t.keys('\x1b[B')).toBe(`${'\b'.repeat(8)}ec${' '.repeat(6)}${'\b'.repeat(6)}`);
    expect(t.keys('\x1b[B')).toBe('\x07');
    t.keys('\x10\x10\r');
    expect(t.lines).toEqual(['id', 'uname -n', 'id']);
  });

  it('completes at the cursor in the middle of a line', () => {
    const t = setup(debian12Persona('alpha'));
    t.keys('ls /e | wc -l');
    t.keys('\x1b[D'.repeat(8));
    expect(t.keys('\t')).toBe('tc/ | wc -l' + '\b'.repeat(8));
    t.keys('\r');
    expect(t.lines).toEqual(['ls /etc/ | wc -l']);
  });

  it('treats Tab as a character in a password prompt and echoes nothing', () => {
    const t = setup(debian12Persona('alpha'), undefined, 'deploy');
    const sudo = t.keys('sudo id\r');
    expect(sudo).toContain('[sudo] password for deploy: ');
    expect(t.keys('a\tb\r')).not.toContain('\x07');
    expect(t.lines.at(-1)).toBe('a\tb');
  });
});

describe('Tab in the busybox ash line discipline', () => {
  const alpine = (): ShellPersona => ({ ...exampleShellPersona('alpha'), family: 'alpine', osPrettyName: 'Alpine Linux v3.19', processes: [] });

  it('redraws the whole line, rings on ambiguity and lists on every further Tab', () => {
    const t = setup(alpine());
    const prompt = t.s.shell.prompt();
    expect(t.keys('ec\t')).toBe(`ec\r${prompt}echo \x1b[J`);
    t.keys('\x15');
    expect(t.keys('sha\t')).toBe(`sha\x07\r${prompt}sha\x1b[J`);
    const list = `\r\nsha1sum    sha256sum  sha512sum\r\n\r${prompt}sha\x1b[J`;
    expect(t.keys('\t')).toBe(list);
    expect(t.keys('\t')).toBe(list);
    expect(t.keys('\x15ls /e\t')).toMatch(/\r.*ls \/etc\/\x1b\[J$/);
  });
});

describe('listing layouts', () => {
  it('match readline and busybox column rules', () => {
    const names = ['sha1sum', 'sha224sum', 'sha256sum', 'sha384sum', 'sha512sum', 'shadowconfig', 'sharkd', 'shasum'];
    // Captured from bash 5.2 and busybox 1.35 on an 80-column pty (see the issue 18 notes).
    expect(readlineRows(names, 80)).toEqual(['sha1sum       sha256sum     sha512sum     sharkd        ', 'sha224sum     sha384sum     shadowconfig  shasum        ']);
    expect(busyboxRows(['sha1sum', 'sha256sum', 'sha3sum', 'sha512sum'], 80)).toEqual(['sha1sum    sha256sum  sha3sum    sha512sum']);
    expect(readlineRows(['a'], 1)).toEqual(['a']);
  });
});
