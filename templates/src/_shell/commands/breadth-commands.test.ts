// Issue 18's new commands: output shapes compared with this machine's own Debian tools (ss, netstat,
// df, mount, stat, route, dpkg, tar, file, md5sum), persona consistency, interpreters and archives.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it, expect } from 'vitest';
import { debian12Persona, testSession } from '../test-session';

const real = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'latin1', env: { ...process.env, LC_ALL: 'C', TZ: 'UTC' } });
const squash = (line: string): string => line.trim().replace(/\s+/g, ' ');
const shape = (text: string): string[] => text.split('\n').map((l) => squash(l.replace(/\d+/g, 'N')));
const dir = mkdtempSync(join(tmpdir(), 'shell-breadth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('output shapes against the real Debian tools', () => {
  const s = testSession({ user: 'root', persona: debian12Persona('breadth') });

  it('ss, netstat, route, df and dpkg headers', () => {
    expect(squash(s.run('ss -tln').split('\n')[0] ?? '')).toBe(squash(real('ss', ['-tln']).split('\n')[0] ?? ''));
    expect(squash(s.run('netstat -tln').split('\n').slice(0, 2).join(' '))).toBe(squash(real('netstat', ['-tln']).split('\n').slice(0, 2).join(' ')));
    expect(s.run('route -n').split('\n').slice(0, 2)).toEqual(real('route', ['-n']).split('\n').slice(0, 2));
    expect(squash(s.run('df -h').split('\n')[0] ?? '')).toBe(squash(real('df', ['-h']).split('\n')[0] ?? ''));
    expect(s.run('dpkg -l').split('\n').slice(0, 3)).toEqual(real('dpkg', ['-l']).split('\n').slice(0, 3));
  });

  it('mount lines and stat blocks', () => {
    const line = /^\S+ on \/\S* type \S+ \([^)]*\)$/;
    for (const l of real('mount', []).trim().split('\n').slice(0, 5)) expect(l).toMatch(line);
    for (const l of s.run('mount').trim().split('\n')) expect(l).toMatch(line);
    expect(shape(s.run('stat /etc/passwd'))).toEqual(shape(real('stat', ['/etc/passwd'])));
    expect(shape(s.run('stat /etc/passwd')).slice(1, 4)).toEqual(shape(s.run('stat /etc/hostname')).slice(1, 4));
    expect(s.run('stat -c "%a %U %F %s" /etc/shadow /tmp')).toBe(`640 root regular file ${s.run('wc -c < /etc/shadow').trim()}\n1777 root directory 4096\n`);
  });

  it('tar writes archives the real tar reads; file and md5sum agree with the real ones', () => {
    s.run('mkdir -p /tmp/k/sub; echo secret > /tmp/k/sub/a.txt; ln -s sub/a.txt /tmp/k/link');
    expect(s.run('cd /tmp && tar czf k.tgz k && echo ok')).toBe('ok\n');
    const bytes = s.shell.execute('base64 -w0 /tmp/k.tgz').output;
    const archive = join(dir, 'k.tgz');
    writeFileSync(archive, Buffer.from(bytes, 'base64'));
    expect(real('tar', ['tvzf', archive])).toBe(s.run('tar tvzf /tmp/k.tgz'));
    expect(real('tar', ['tzf', archive])).toBe('k/\nk/link\nk/sub/\nk/sub/a.txt\n');
    expect(real('file', ['-b', archive]).split(',')[0]).toBe(s.run('file -b /tmp/k.tgz').trim().split(',')[0]);
    expect(real('md5sum', [archive]).split(' ')[0]).toBe(s.run('md5sum /tmp/k.tgz').split(' ')[0]);
    expect(s.run('rm -r /tmp/k; tar xzf /tmp/k.tgz -C /tmp; cat /tmp/k/link')).toBe('secret\n');
    expect(s.run('tar xf /etc/passwd; echo $?')).toBe('tar: This does not look like a tar archive\ntar: Exiting with failure status due to previous errors\n2\n');
    expect(s.run('file /bin/ls /etc/passwd /tmp')).toMatch(/^\/bin\/ls: {5}ELF 64-bit LSB pie executable, x86-64, .*stripped\n\/etc\/passwd: ASCII text\n\/tmp: {8}sticky, directory\n$/);
    expect(s.run('echo -n abc | sha256sum')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  -\n');
  });
});

describe('commands agree with the persona', () => {
  it('ss, netstat, systemctl and ps name the same daemons and PIDs', () => {
    const s = testSession({ user: 'root', persona: debian12Persona('agree') });
    const nginx = s.run("ps aux | grep 'nginx: master' | grep -v grep | awk '{print $2}'").trim();
    const sshd = s.run("ps aux | grep 'sshd -D' | grep -v grep | awk '{print $2}'").trim();
    expect(s.run('ss -tlnp')).toContain(`0.0.0.0:80        0.0.0.0:*    users:(("nginx",pid=${nginx},fd=6))`);
    expect(s.run('netstat -tlnp | grep :22 | head -n 1')).toContain(`${sshd}/sshd`);
    expect(s.run('systemctl status nginx | grep "Main PID"')).toBe(`   Main PID: ${nginx} (nginx)\n`);
    expect(s.run('systemctl status nope; echo $?')).toBe('Unit nope.service could not be found.\n4\n');
    expect(s.run('service nginx status')).toBe(s.run('systemctl status nginx'));
    expect(s.run('service --status-all | grep -c nginx')).toBe('1\n');
    expect(s.run('ip route | head -n 1').split(' ')[2]).toBe(s.run('route -n').split('\n')[2]?.split(/\s+/)[1]);
    expect(s.run('arp -an')).toBe(`? (${s.persona.gateway}) at ${s.run('arp -n | tail -n 1').split(/\s+/)[2] ?? ''} [ether] on eth0\n`);
    expect(s.run('dmesg | grep -c "Linux version 6.1.0-18-amd64"')).toBe('1\n');
    expect(s.run('last | head -n 1')).toMatch(/^root {5}pts\/0 {8}198\.51\.100\.7 {5}\w{3} \w{3} [ \d]\d \d\d:\d\d {3}still logged in\n$/);
  });

  it('non-root users meet the same walls as on Debian', () => {
    const s = testSession({ persona: debian12Persona('walls') });
    expect(s.run('dmesg')).toBe('dmesg: read kernel buffer failed: Operation not permitted\n');
    expect(s.run('apt-get install nmap; echo $?')).toMatch(/^E: Could not open lock file .*Permission denied\)\n.*\n100\n$/);
    expect(s.run('systemctl stop nginx; echo $?')).toMatch(/^Failed to stop nginx\.service: Access denied\n.*\n1\n$/s);
    expect(s.run('ping -c 1 example.com; echo $?')).toBe('ping: example.com: Temporary failure in name resolution\n2\n');
  });
});

describe('interpreters', () => {
  it('answers versions and attacker one-liners without interpreting them', () => {
    const s = testSession({ user: 'root', persona: debian12Persona('interp') });
    expect(s.run('python3 -V; perl -v | sed -n 2p 2>/dev/null; perl -v | head -n 2 | tail -n 1')).toMatch(/^Python 3\.11\.2\n(.*\n)?This is perl 5, version 36, subversion 0 \(v5\.36\.0\) built for x86_64-linux-gnu-thread-multi\n$/);
    expect(s.run('python3 -c "print(6*7); print(\'a\')"')).toBe('42\na\n');
    expect(s.run('python3 -c "import requests"; echo $?')).toBe('Traceback (most recent call last):\n  File "<string>", line 1, in <module>\nModuleNotFoundError: No module named \'requests\'\n1\n');
    expect(s.run('perl -e \'system("whoami"); print "done\\n"\'')).toBe('root\ndone\n');
    expect(s.run('python3 -c \'import pty; pty.spawn("/bin/bash")\'; echo $SHLVL')).toBe('2\n');
    expect(s.run('exit')).toBe('exit\n');
    expect(s.run('echo $SHLVL')).toBe('1\n');
    expect(s.run('awk "BEGIN{print 6*7}"; awk \'BEGIN{print (1+2)*3, 7%4}\'')).toBe('42\n9 3\n');
    expect(s.run('openssl version')).toBe('OpenSSL 3.0.11 19 Sep 2023 (Library: OpenSSL 3.0.11 19 Sep 2023)\n');
    expect(s.run('echo /etc/hostname /etc/hostname | xargs -n 1 cat')).toBe(`${s.persona.hostname}\n${s.persona.hostname}\n`);
  });
});
