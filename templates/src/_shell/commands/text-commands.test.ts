// Text filters: grep (BRE/ERE/fixed), awk subset, sort/uniq/cut/tr/base64, echo -e and printf.

import { describe, it, expect } from 'vitest';
import { testSession } from '../test-session';

describe('grep', () => {
  it('matches basic and extended expressions with the usual flags', () => {
    const s = testSession();
    expect(s.run('grep ^root /etc/passwd')).toBe('root:x:0:0:root:/root:/bin/bash\n');
    expect(s.run('grep -c nologin /etc/passwd')).toMatch(/^\d\d\n$/);
    expect(s.run("grep -E '^(root|deploy):' /etc/passwd | cut -d: -f1")).toBe('root\ndeploy\n');
    expect(s.run("grep 'bash$' /etc/passwd | cut -d: -f1")).toBe('root\ndeploy\nmaria\n');
    expect(s.run('grep -in ROOT /etc/group | head -1')).toBe('1:root:x:0:\n');
    expect(s.run('echo "foo bar foobar" | grep -ow foo')).toBe('foo\n');
    expect(s.run('echo "a1b22c333" | grep -oE "[0-9]+"')).toBe('1\n22\n333\n');
    expect(s.run("echo 'a.b' | grep -F '.'")).toBe('a.b\n');
    expect(s.run("printf 'x\\ny\\n' | grep -v x")).toBe('y\n');
    expect(s.run('grep -q root /etc/passwd; echo $?; grep -q zzz /etc/passwd; echo $?')).toBe('0\n1\n');
  });

  it('reports files like GNU grep and searches recursively', () => {
    const s = testSession();
    expect(s.run('grep x /nope; echo $?')).toBe('grep: /nope: No such file or directory\n2\n');
    expect(s.run('grep x /etc')).toBe('grep: /etc: Is a directory\n');
    expect(s.run('grep -rl PermitRootLogin /etc/ssh 2>/dev/null')).toBe('/etc/ssh/sshd_config\n');
    expect(s.run('grep -r x /etc/ssh 2>&1 | grep -c denied')).toBe('3\n');
    expect(s.run('grep -r root /root')).toBe('grep: /root: Permission denied\n');
    expect(s.run('grep')).toBe("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
  });
});

describe('awk', () => {
  it('prints fields, honours -F, patterns, NR/NF and END', () => {
    const s = testSession();
    expect(s.run("awk -F: '$3 == 0 {print $1}' /etc/passwd")).toBe('root\n');
    expect(s.run("awk -F: '/^deploy/ {print $6, $NF}' /etc/passwd")).toBe('/home/deploy /bin/bash\n');
    expect(s.run("echo 'a b c' | awk '{print $(NF-1) \"-\" NF}'")).toBe('b-3\n');
    expect(s.run("printf '1\\n2\\n3\\n' | awk 'NR>1' ")).toBe('2\n3\n');
    expect(s.run("printf '1\\n2\\n' | awk 'END {print NR}'")).toBe('2\n');
    expect(s.run("awk '{x=1}'")).toBe('mawk: line 1: syntax error at or near x=1}\n');
  });
});

describe('small filters', () => {
  it('sort, uniq, cut, tr, base64', () => {
    const s = testSession();
    expect(s.run("printf 'b\\na\\nb\\n10\\n9\\n' | sort | uniq -c")).toBe('      1 10\n      1 9\n      1 a\n      2 b\n');
    expect(s.run("printf '10\\n9\\n' | sort -n")).toBe('9\n10\n');
    expect(s.run('cut -d: -f1,7 /etc/passwd | head -1')).toBe('root:/bin/bash\n');
    expect(s.run('echo hello | tr a-z A-Z; echo hello | tr -d l')).toBe('HELLO\nheo\n');
    expect(s.run('echo hi | base64; echo aGkK | base64 -d')).toBe('aGkK\nhi\n');
    expect(s.run('echo "!!!" | base64 -d')).toBe('base64: invalid input\n');
  });

  it('echo -e and printf write binary bytes for droppers', () => {
    const s = testSession();
    s.run("echo -ne '\\x7f\\x45\\x4c\\x46\\x02\\x01' > /tmp/.x; printf '\\101\\x42%s%d\\n' C 7 >> /tmp/.x");
    expect(s.run('wc -c /tmp/.x')).toBe('11 /tmp/.x\n');
    expect(s.run('tail -c 5 /tmp/.x')).toBe('ABC7\n');
    expect(s.run('printf "%-5s|%05d|%x\\n" ab 42 255')).toBe('ab   |00042|ff\n');
    expect(s.run('echo -e "a\\tb\\c" ; echo')).toBe('a\tb\n');
  });

  it('runs an ELF of the right architecture as a crash and a foreign one as Exec format error', () => {
    const s = testSession();
    s.run("cd /tmp; printf '\\x7fELF\\x02\\x01\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x02\\x00\\x28\\x00' > arm; chmod +x arm");
    expect(s.run('./arm')).toBe('-bash: ./arm: cannot execute binary file: Exec format error\n');
    s.run('cp /usr/bin/ls ls2; chmod +x ls2');
    expect(s.run('./ls2 -d /etc')).toBe('/etc\n');
  });
});
