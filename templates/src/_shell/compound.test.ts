// if / for / while / until / { } and test: the control flow found in attacker one-liners and scripts.

import { describe, it, expect } from 'vitest';
import { testSession } from './test-session';
import { parseLine } from './parse-line';

describe('compound commands', () => {
  it('runs if/elif/else with test and [ ]', () => {
    const s = testSession();
    expect(s.run('if [ -f /etc/passwd ]; then echo file; else echo none; fi')).toBe('file\n');
    expect(s.run('if test -d /nope; then echo a; elif [ -x /usr/bin/wget ]; then echo b; fi')).toBe('b\n');
    expect(s.run('if [ "$USER" = root ]; then echo r; else echo u; fi')).toBe('u\n');
    expect(s.run('[ -w /etc/passwd ] || echo ro; [ 3 -gt 2 ] && echo gt')).toBe('ro\ngt\n');
    expect(s.run('[ 1 -eq x ]; echo $?')).toBe('-bash: [: x: integer expression expected\n2\n');
    expect(s.run('[ a')).toBe("-bash: [: missing `]'\n");
  });

  it('iterates for loops over words, globs and command substitution', () => {
    const s = testSession();
    expect(s.run('for i in 1 2 3; do echo n$i; done')).toBe('n1\nn2\nn3\n');
    expect(s.run('for f in /etc/host*; do echo $f; done')).toBe('/etc/hostname\n/etc/hosts\n');
    expect(s.run('for i in $(seq 2); do for j in a b; do echo $i$j; done; done')).toBe('1a\n1b\n2a\n2b\n');
    expect(s.run('echo $i')).toBe('2\n');
  });

  it('runs while/until loops and cuts off runaway ones like an interrupted line', () => {
    const s = testSession();
    expect(s.run('i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); done')).toBe('0\n1\n2\n');
    expect(s.run('n=0; until [ $n -ge 2 ]; do n=$((n+1)); done; echo $n')).toBe('2\n');
    expect(s.run('while true; do :; done; echo never')).toBe('');
    expect(s.run('echo $?')).toBe('130\n');
  });

  it('brace groups share one redirection and keep state', () => {
    const s = testSession();
    expect(s.run('{ echo a; cd /tmp; echo b; } > /tmp/ab; cat /tmp/ab; pwd')).toBe('a\nb\n/tmp\n');
  });

  it('continues incomplete compound commands and rejects misplaced keywords', () => {
    const s = testSession();
    expect(s.run('for x in a b')).toBe('');
    expect(s.run('do echo $x')).toBe('');
    expect(s.run('done')).toBe('a\nb\n');
    expect(s.run('fi')).toBe("-bash: syntax error near unexpected token `fi'\n");
    expect(parseLine('if then fi')).toEqual({ ok: false, incomplete: false, message: "syntax error near unexpected token `then'" });
    expect(parseLine('while true; do')).toEqual({ ok: false, incomplete: true });
  });
});
