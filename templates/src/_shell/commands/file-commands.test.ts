// File commands against the virtual filesystem, with coreutils' exact output and error wording.

import { describe, it, expect } from 'vitest';
import { testSession } from '../test-session';

describe('ls', () => {
  it('prints columns on the terminal and one name per line in a pipe', () => {
    const s = testSession();
    expect(s.run('ls /')).toBe('bin   dev  home  lib64       media  opt   root  sbin  sys  usr\nboot  etc  lib   lost+found  mnt    proc  run   srv   tmp  var\n');
    expect(s.run('ls / | head -3')).toBe('bin\nboot\ndev\n');
  });

  it('long format aligns columns and shows symlinks, totals and human sizes', () => {
    const s = testSession();
    expect(s.run('ls -l /bin')).toBe('lrwxrwxrwx 1 root root 7 Oct 28  2023 /bin -> usr/bin\n');
    expect(s.run('ls -la ~')).toMatch(/^total \d+\ndrwxr-x--- 4 deploy deploy 4096 \w{3} [ \d]\d [ \d]\d:\d\d \.\n/);
    expect(s.run('ls -lh /usr/bin/bash')).toMatch(/^-rwxr-xr-x 1 root root 1\.4M \w{3} [ \d]\d  \d{4} \/usr\/bin\/bash\n$/);
    expect(s.run('ls -ld /tmp')).toMatch(/^drwxrwxrwt /);
    expect(s.run('ls -l /usr/bin/sudo')).toMatch(/^-rwsr-xr-x /);
    expect(s.run('ls -l /dev/null')).toMatch(/^crw-rw-rw- 1 root root 1, 3 /);
  });

  it('reports missing operands with exit status 2 and lists the rest', () => {
    const s = testSession();
    expect(s.run('ls /nope /etc/hostname; echo $?')).toBe("ls: cannot access '/nope': No such file or directory\n/etc/hostname\n2\n");
    expect(s.run('ls -a /home/deploy/.ssh /etc/hostname')).toBe('/etc/hostname\n\n/home/deploy/.ssh:\n.  ..  authorized_keys\n');
    expect(s.run('ls --frobnicate')).toBe("ls: unrecognized option '--frobnicate'\nTry 'ls --help' for more information.\n");
  });
});

describe('creating, copying and moving', () => {
  it('mkdir -p, cp -r, mv, rm -r and rmdir behave like coreutils', () => {
    const s = testSession();
    s.run('cd /tmp');
    expect(s.run('mkdir a/b')).toBe("mkdir: cannot create directory 'a/b': No such file or directory\n");
    expect(s.run('mkdir -p a/b/c && echo x > a/b/c/f && cp -r a z && cat z/b/c/f')).toBe('x\n');
    expect(s.run('cp a q')).toBe("cp: -r not specified; omitting directory 'a'\n");
    expect(s.run('cp nope q')).toBe("cp: cannot stat 'nope': No such file or directory\n");
    expect(s.run('mv z y && ls y/b/c && ls z')).toBe("f\nls: cannot access 'z': No such file or directory\n");
    expect(s.run('mv a a/b')).toBe("mv: cannot move 'a' to a subdirectory of itself, 'a/b/a'\n");
    expect(s.run('rmdir y')).toBe("rmdir: failed to remove 'y': Directory not empty\n");
    expect(s.run('rm -rv y')).toBe("removed 'y/b/c/f'\nremoved directory 'y/b/c'\nremoved directory 'y/b'\nremoved directory 'y'\n");
    expect(s.run('cp /etc/shadow .')).toBe("cp: cannot open '/etc/shadow' for reading: Permission denied\n");
    expect(s.run('cp /etc/hostname /etc/x')).toBe("cp: cannot create regular file '/etc/x': Permission denied\n");
  });

  it('touch, ln -s and readlink through ls', () => {
    const s = testSession();
    s.run('cd /tmp; touch t; ln -s /etc/passwd p');
    expect(s.run('ls -l p')).toMatch(/^lrwxrwxrwx 1 deploy deploy 11 May  9 10:11 p -> \/etc\/passwd\n$/);
    expect(s.run('head -1 p')).toBe('root:x:0:0:root:/root:/bin/bash\n');
    expect(s.run('touch /root/x')).toBe("touch: cannot touch '/root/x': Permission denied\n");
  });
});

describe('chmod and chown', () => {
  it('applies octal and symbolic modes', () => {
    const s = testSession();
    s.run('cd /tmp; touch f; mkdir -p d/e; touch d/e/g');
    const mode = (p: string): string => s.run(`ls -ld ${p}`).slice(0, 10);
    s.run('chmod 4750 f');
    expect(mode('f')).toBe('-rwsr-x---');
    s.run('chmod u-s,go= f');
    expect(mode('f')).toBe('-rwx------');
    s.run('chmod +x,o+r f');
    expect(mode('f')).toBe('-rwx--xr-x');
    s.run('chmod a=rX f');
    expect(mode('f')).toBe('-r-xr-xr-x');
    s.run('chmod -R go= d');
    expect(mode('d/e/g')).toBe('-rw-------');
    expect(s.run('chmod 777 /etc/passwd')).toBe("chmod: changing permissions of '/etc/passwd': Operation not permitted\n");
    expect(s.run('chmod xyz f')).toBe("chmod: invalid mode: 'xyz'\nTry 'chmod --help' for more information.\n");
    expect(s.run('chmod 755')).toBe("chmod: missing operand after '755'\nTry 'chmod --help' for more information.\n");
  });

  it('only root may chown', () => {
    const s = testSession();
    s.run('touch /tmp/f');
    expect(s.run('chown root /tmp/f')).toBe("chown: changing ownership of '/tmp/f': Operation not permitted\n");
    expect(s.run('chown nobody9 /tmp/f')).toBe("chown: invalid user: 'nobody9'\n");
    const root = testSession({ user: 'root' });
    root.run('touch /tmp/f; chown deploy:www-data /tmp/f');
    expect(root.run('ls -l /tmp/f')).toMatch(/^-rw-r--r-- 1 deploy www-data 0 /);
  });
});

describe('reading files', () => {
  it('cat, head, tail and wc', () => {
    const s = testSession();
    s.run("printf 'a\\nb\\nc\\nd\\n' > /tmp/l");
    expect(s.run('cat -n /tmp/l | head -2')).toBe('     1\ta\n     2\tb\n');
    expect(s.run('head -n 2 /tmp/l; tail -1 /tmp/l; tail -n +3 /tmp/l')).toBe('a\nb\nd\nc\nd\n');
    expect(s.run('head -2 /tmp/l /etc/hostname')).toBe(`==> /tmp/l <==\na\nb\n\n==> /etc/hostname <==\n${s.persona.hostname}\n`);
    expect(s.run('wc -l /tmp/l; wc < /tmp/l; wc -c /tmp/l /tmp/l')).toBe('4 /tmp/l\n      4       4       8\n 8 /tmp/l\n 8 /tmp/l\n16 total\n');
    expect(s.run('cat /tmp/l /nope /tmp/l | wc -l')).toBe("cat: /nope: No such file or directory\n8\n");
    expect(s.run('head /nope')).toBe("head: cannot open '/nope' for reading: No such file or directory\n");
    expect(s.run('tail /etc')).toBe("tail: error reading '/etc': Is a directory\n");
  });
});
