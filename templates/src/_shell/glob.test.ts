// Pathname expansion matcher and directory walk.

import { describe, it, expect } from 'vitest';
import { globMatch } from './glob';
import { testSession } from './test-session';

describe('glob', () => {
  it('matches *, ?, classes and escapes, hiding dotfiles', () => {
    expect(globMatch('*.sh', 'x.sh')).toBe(true);
    expect(globMatch('*.sh', '.x.sh')).toBe(false);
    expect(globMatch('.*', '.bashrc')).toBe(true);
    expect(globMatch('f?[0-9]', 'fa7')).toBe(true);
    expect(globMatch('f[!0-9]', 'f7')).toBe(false);
    expect(globMatch('\\*', '*')).toBe(true);
    expect(globMatch('\\*', 'x')).toBe(false);
    expect(globMatch('*a*a*a*a*a*b', 'a'.repeat(200))).toBe(false);
  });

  it('expands against the filesystem and keeps unmatched words', () => {
    const s = testSession();
    expect(s.run('echo /etc/host*')).toBe('/etc/hostname /etc/hosts\n');
    expect(s.run('echo /nope/*.x')).toBe('/nope/*.x\n');
    expect(s.run('cd /tmp; touch a.sh b.sh; echo *.sh "*.sh"')).toBe('a.sh b.sh *.sh\n');
    expect(s.run('ls /usr/*bin/who*')).toBe('/usr/bin/who  /usr/bin/whoami\n');
    expect(s.run('ls -d /usr/*bin | cat')).toBe('/usr/bin\n/usr/sbin\n');
  });
});
