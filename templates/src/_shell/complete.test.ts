// The completion engine: the word under the cursor (quotes, separators, command position), command
// names from the same inventory as `which`, paths, ~user and $VAR, bash vs busybox shapes, and bounds.

import { describe, expect, it } from 'vitest';
import { debian12Persona, testSession } from './test-session';
import { exampleShellPersona } from './persona';
import { wordAt, quoteFor } from './complete-word';

const deb = (): ReturnType<typeof testSession> => testSession({ user: 'root', persona: debian12Persona('complete') });
const at = (s: ReturnType<typeof testSession>, line: string) => {
  const c = s.shell.complete?.(line, line.length);
  if (!c) throw new Error('no completion');
  return c;
};

describe('wordAt', () => {
  it('finds the word and whether it names a command', () => {
    expect(wordAt('ec', 2)).toMatchObject({ start: 0, literal: 'ec', commandPosition: true });
    expect(wordAt('ls /e', 5)).toMatchObject({ start: 3, literal: '/e', commandPosition: false });
    expect(wordAt('ls -l ', 6)).toMatchObject({ start: 6, raw: '', commandPosition: false });
    expect(wordAt('id; wh', 6)).toMatchObject({ start: 4, commandPosition: true });
    expect(wordAt('cat x | gr', 10)).toMatchObject({ literal: 'gr', commandPosition: true });
    expect(wordAt('if tr', 5)).toMatchObject({ commandPosition: true });
    expect(wordAt('echo $(una', 10)).toMatchObject({ literal: 'una', commandPosition: true });
    expect(wordAt('cat > /tm', 9)).toMatchObject({ literal: '/tm', commandPosition: false });
    expect(wordAt('cat my\\ fi', 10)).toMatchObject({ start: 4, literal: 'my fi', quote: '' });
    expect(wordAt('cat "my fi', 10)).toMatchObject({ start: 4, literal: 'my fi', quote: '"' });
    expect(wordAt("cat 'a b", 8)).toMatchObject({ literal: 'a b', quote: "'" });
    // The cursor, not the end of the line, ends the word.
    expect(wordAt('ls /et tail', 6)).toMatchObject({ literal: '/et' });
  });

  it('quotes what it appends as bash does in each quoting state', () => {
    expect(quoteFor('my file&x', '')).toBe('my\\ file\\&x');
    expect(quoteFor('a"$b', '"')).toBe('a\\"\\$b');
    expect(quoteFor("it's", "'")).toBe("it'\\''s");
  });
});

describe('completeAt', () => {
  it('completes a unique command with a space, a directory with a slash, a file with a space', () => {
    const s = deb();
    expect(at(s, 'systemc')).toMatchObject({ start: 0, text: 'systemctl ', total: 1, style: 'readline' });
    expect(at(s, 'ls /e')).toMatchObject({ start: 3, text: '/etc/', total: 1 });
    expect(at(s, 'cat /etc/hostn')).toMatchObject({ text: '/etc/hostname ', total: 1 });
    expect(at(s, 'cat /etc/host')).toMatchObject({ text: '/etc/host', matches: ['hostname', 'hosts'] });
  });

  it('offers commands from the inventory only, so completion, which and "not found" agree', () => {
    const s = deb();
    expect(at(s, 'sha').matches).toEqual(['sha1sum', 'sha256sum', 'sha512sum']);
    expect(at(s, 'sha').text).toBe('sha');
    expect(at(s, 'dn').total).toBe(0);
    expect(s.run('dnf')).toMatch(/command not found/);
    s.run('rm /usr/bin/stat');
    expect(at(s, 'stat').matches).toEqual([]);
    expect(s.run('which stat; echo $?')).toBe('1\n');
    // bash also offers keywords and the current directory's subdirectories for a command name.
    expect(at(s, 'whil').text).toBe('while ');
    s.run('mkdir /root/tools');
    expect(at(s, 'too').text).toBe('tools/');
  });

  it('completes later words over the virtual filesystem, quoting special characters', () => {
    const s = deb();
    s.run('cd /tmp && touch "my file" notes.txt && mkdir work');
    expect(at(s, 'cat my')).toMatchObject({ start: 4, text: 'my\\ file ' });
    expect(at(s, 'cat "my')).toMatchObject({ text: '"my file" ' });
    expect(at(s, 'ls w')).toMatchObject({ text: 'work/' });
    expect(at(s, 'ls ').matches).toEqual(expect.arrayContaining(['my file', 'notes.txt', 'work/']));
    expect(at(s, 'ls .').matches.slice(0, 2)).toEqual(['./', '../']);
    expect(at(s, 'ls ~/.bashr')).toMatchObject({ text: '~/.bashrc ' });
    expect(at(s, 'ls ~ro')).toMatchObject({ text: '~root/' });
    expect(at(s, 'echo $HOM')).toMatchObject({ text: '$HOME/' });
    expect(at(s, 'cat /nonexistent/x').total).toBe(0);
    // After a path separator in command position only directories and executables are offered.
    expect(at(s, '/usr/bin/sha1').text).toBe('/usr/bin/sha1sum ');
    expect(at(s, './no').total).toBe(0);
  });

  it('respects permissions: a user cannot list /root', () => {
    const s = testSession({ user: 'deploy', persona: debian12Persona('complete-user') });
    expect(at(s, 'ls /root/').total).toBe(0);
    expect(s.run('ls /root')).toMatch(/Permission denied/);
  });

  it('uses busybox shapes on Alpine: no keywords, no directories for a command name', () => {
    const alp = testSession({ user: 'root', persona: { ...exampleShellPersona('complete-alpine'), family: 'alpine', osPrettyName: 'Alpine Linux v3.19', processes: [] } });
    expect(at(alp, 'whil').total).toBe(0);
    alp.run('mkdir /root/tools');
    expect(at(alp, 'too').total).toBe(0);
    expect(at(alp, 'ls /e')).toMatchObject({ text: '/etc/', style: 'busybox' });
    expect(at(alp, 'ap').text).toBe('apk ');
  });

  it('is bounded: a huge prefix or line completes nothing and the candidate list is capped', () => {
    const s = deb();
    expect(at(s, `ls ${'a'.repeat(10_000)}`).total).toBe(0);
    expect(at(s, '').total).toBeGreaterThan(100);
    expect(at(s, '').matches.length).toBeLessThanOrEqual(4096);
  });
});
