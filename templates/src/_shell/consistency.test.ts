// Detectability D5 (one identity everywhere) and D4 (nothing static): every view of the same fact
// agrees, facts move with the clock, and two deckies never look identical.

import { describe, it, expect } from 'vitest';
import { testSession } from './test-session';
import { exampleShellPersona } from './persona';
import type { ShellPersona } from './persona';

describe('one identity across every view (D5)', () => {
  it('hostname: prompt = hostname = uname -n = /etc/hostname = /proc/sys/kernel/hostname', () => {
    const s = testSession();
    const h = s.persona.hostname;
    expect(s.shell.prompt()).toBe(`deploy@${h}:~$ `);
    expect(s.run('hostname')).toBe(`${h}\n`);
    expect(s.run('uname -n')).toBe(`${h}\n`);
    expect(s.run('cat /etc/hostname')).toBe(`${h}\n`);
    expect(s.run('cat /proc/sys/kernel/hostname')).toBe(`${h}\n`);
    expect(s.run('grep 127.0.1.1 /etc/hosts')).toBe(`127.0.1.1 ${h}\n`);
  });

  it('kernel: uname -r/-v = /proc/version = /proc/sys/kernel, OS: os-release = issue = motd', () => {
    const s = testSession();
    const release = s.run('uname -r').trim();
    const version = s.run('uname -v').trim();
    const proc = s.run('cat /proc/version');
    expect(proc.startsWith(`Linux version ${release} (`)).toBe(true);
    expect(proc.trimEnd().endsWith(version)).toBe(true);
    expect(s.run('cat /proc/sys/kernel/osrelease')).toBe(`${release}\n`);
    expect(s.run('grep PRETTY_NAME /etc/os-release')).toBe('PRETTY_NAME="Ubuntu 22.04.4 LTS"\n');
    expect(s.run('cat /etc/issue')).toBe('Ubuntu 22.04.4 LTS \\n \\l\n\n');
    expect(s.shell.banner()).toContain(`(GNU/Linux ${release} x86_64)`);
  });

  it('network: ip a = ifconfig = /sys, link-local address derived from the MAC', () => {
    const s = testSession();
    const p = s.persona;
    const ipa = s.run('ip a');
    expect(ipa).toContain(`inet ${p.ip}/24 brd 192.168.10.255 scope global eth0`);
    expect(ipa).toContain(`link/ether ${p.mac}`);
    const mac = p.mac.split(':');
    const ll = `fe80::5054:ff:fe${mac[3]}:${mac[4]}${mac[5]}`.replace(/:0+([0-9a-f])/g, ':$1');
    expect(ipa).toContain(`inet6 ${ll}/64 scope link`);
    const ifc = s.run('ifconfig eth0');
    expect(ifc).toContain(`inet ${p.ip}  netmask 255.255.255.0  broadcast 192.168.10.255`);
    expect(ifc).toContain(`ether ${p.mac}  txqueuelen 1000  (Ethernet)`);
    expect(ifc).toContain(`inet6 ${ll}  prefixlen 64`);
    expect(s.run('cat /sys/class/net/eth0/address')).toBe(`${p.mac}\n`);
    expect(s.run('ip r')).toContain(`default via ${p.gateway} dev eth0`);
    expect(s.run('hostname -I')).toBe(`${p.ip} \n`);
  });

  it('cpu and memory: nproc = cpuinfo = lscpu, free = /proc/meminfo', () => {
    const s = testSession();
    expect(s.run('nproc')).toBe('2\n');
    expect(s.run('grep -c processor /proc/cpuinfo')).toBe('2\n');
    expect(s.run('lscpu | grep "^CPU(s):"')).toBe('CPU(s):                  2\n');
    expect(s.run('lscpu | grep "Model name"')).toBe(`  Model name:            ${s.persona.cpuModel}\n`);
    expect(s.run('grep -m1 "^model\t" /proc/cpuinfo')).toBe('model\t\t: 79\n');
    const total = s.run("grep MemTotal /proc/meminfo | awk '{print $2}'").trim();
    const free = s.run("grep MemFree /proc/meminfo | awk '{print $2}'").trim();
    const row = s.run('free | grep Mem:').trim().split(/\s+/);
    expect(total).toBe(String(s.persona.memTotalKb));
    expect(row[1]).toBe(total);
    expect(row[3]).toBe(free);
  });

  it('accounts: id = /etc/passwd = /etc/group = ls -l owners', () => {
    const s = testSession();
    expect(s.run('grep ^deploy: /etc/passwd')).toBe('deploy:x:1000:1000:Deploy,,,:/home/deploy:/bin/bash\n');
    expect(s.run('grep ^sudo: /etc/group')).toBe('sudo:x:27:deploy\n');
    expect(s.run('id -Gn')).toBe('deploy adm cdrom sudo dip plugdev\n');
    expect(s.run('ls -ld /home/deploy')).toMatch(/^drwxr-x--- \d+ deploy deploy 4096 /);
    expect(s.run('ls -l /etc/shadow')).toMatch(/^-rw-r----- 1 root shadow \d+ /);
  });

  it('uptime = /proc/uptime = who -b, and the login user is the one session in w/who', () => {
    const s = testSession();
    const up = Number(s.run('cat /proc/uptime').split(' ')[0]);
    const expected = (Date.UTC(2024, 4, 9, 10, 11, 12) - s.persona.bootedAtMs) / 1000;
    expect(up).toBeCloseTo(expected, 0);
    const days = Math.floor(expected / 86_400);
    expect(s.run('uptime')).toContain(` up ${days} days, `);
    expect(s.run('who')).toBe('deploy   pts/0        2024-05-09 10:11 (198.51.100.7)\n');
    expect(s.run('w -h')).toMatch(/^deploy +pts\/0 +198\.51\.100\.7 /);
  });

  it('which, /usr/bin and command execution agree for every registered command', () => {
    const s = testSession();
    const listing = s.run('ls /usr/bin /usr/sbin');
    for (const name of ['ls', 'cat', 'wget', 'curl', 'grep', 'awk', 'ps', 'sudo']) {
      expect(s.run(`which ${name}`)).toMatch(new RegExp(`^/usr/s?bin/${name}\\n$`));
      expect(listing).toContain(name);
    }
    expect(s.run('which nmap; echo $?')).toBe('1\n');
    expect(s.run('/bin/uname')).toBe('Linux\n');
    s.run('cp /usr/bin/id /tmp/x');
    expect(s.run('/tmp/x -u')).toBe('1000\n');
  });

  it('a Rocky Linux persona looks like RHEL, not Ubuntu', () => {
    const persona: ShellPersona = { ...exampleShellPersona('rocky'), family: 'rhel', osPrettyName: 'Rocky Linux 9.3 (Blue Onyx)', kernelRelease: '5.14.0-362.8.1.el9_3.x86_64', kernelVersion: '#1 SMP PREEMPT_DYNAMIC Wed Nov 8 17:36:32 UTC 2023', hostname: 'db-01' };
    const s = testSession({ persona });
    expect(s.shell.prompt()).toBe('[deploy@db-01 ~]$ ');
    expect(s.run('cat /etc/redhat-release')).toBe('Rocky Linux release 9.3 (Blue Onyx)\n');
    expect(s.run('uname -a')).toBe('Linux db-01 5.14.0-362.8.1.el9_3.x86_64 #1 SMP PREEMPT_DYNAMIC Wed Nov 8 17:36:32 UTC 2023 x86_64 x86_64 x86_64 GNU/Linux\n');
    expect(s.run('id')).toContain('context=unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023');
    expect(s.run('which nosuch')).toContain('/usr/bin/which: no nosuch in (');
    expect(s.run('grep wheel /etc/group')).toBe('wheel:x:10:deploy\n');
  });
});

describe('nothing is static (D4)', () => {
  it('ps, uptime, /proc and counters move with time; each ps gets a new PID', () => {
    const s = testSession();
    const ps1 = s.run('ps');
    const up1 = s.run('cat /proc/uptime');
    const if1 = s.run('ifconfig eth0');
    s.advance(90_000);
    const ps2 = s.run('ps');
    expect(s.run('cat /proc/uptime')).not.toBe(up1);
    expect(s.run('ifconfig eth0')).not.toBe(if1);
    const pid = (t: string): string => t.trim().split('\n').pop()?.trim().split(/\s+/)[0] ?? '';
    expect(Number(pid(ps2))).toBeGreaterThan(Number(pid(ps1)));
    expect(s.run('ps aux | grep "ps aux"')).toMatch(/deploy +\d+ .* R\+ .* ps aux\n/);
  });

  it('two deckies with different seeds differ in hostname, addresses, PIDs and hashes', () => {
    const a = testSession({ persona: exampleShellPersona('one') });
    const b = testSession({ persona: exampleShellPersona('two') });
    expect(a.run('ip a')).not.toBe(b.run('ip a'));
    expect(a.run('cat /etc/machine-id')).not.toBe(b.run('cat /etc/machine-id'));
    expect(a.run('ps aux')).not.toBe(b.run('ps aux'));
    expect(a.run('hostname')).not.toBe(b.run('hostname'));
    expect(a.run('grep ^deploy /etc/shadow; cat .ssh/authorized_keys')).not.toBe(b.run('cat .ssh/authorized_keys'));
  });
});

describe('filesystem semantics are real (D4)', () => {
  it('matches GNU coreutils and the kernel on errors', () => {
    const s = testSession();
    expect(s.run('rm x')).toBe("rm: cannot remove 'x': No such file or directory\n");
    expect(s.run('cat /etc')).toBe('cat: /etc: Is a directory\n');
    expect(s.run('cat /etc/shadow')).toBe('cat: /etc/shadow: Permission denied\n');
    expect(s.run('ls /root')).toBe("ls: cannot open directory '/root': Permission denied\n");
    expect(s.run('echo 1 > /proc/sys/kernel/hostname')).toBe('-bash: /proc/sys/kernel/hostname: Permission denied\n');
    expect(s.run('touch /proc/x')).toBe("touch: cannot touch '/proc/x': Permission denied\n");
    expect(s.run('mkdir /tmp')).toBe("mkdir: cannot create directory '/tmp': File exists\n");
    expect(s.run('rm /tmp')).toBe("rm: cannot remove '/tmp': Is a directory\n");
    expect(s.run('rm -f nothing; echo $?')).toBe('0\n');
    expect(s.run('cd /etc/passwd')).toBe('-bash: cd: /etc/passwd: Not a directory\n');
    expect(s.run('rm /etc/passwd')).toBe("rm: cannot remove '/etc/passwd': Permission denied\n");
  });

  it('root can write /etc but not /proc, and cannot rm -rf /', () => {
    const s = testSession({ user: 'root' });
    expect(s.shell.prompt()).toBe(`root@${s.persona.hostname}:~# `);
    expect(s.run('echo x > /proc/uptime')).toBe('-bash: echo: write error: Input/output error\n');
    expect(s.run('rm /proc/version')).toBe("rm: cannot remove '/proc/version': Operation not permitted\n");
    expect(s.run('rm -rf /')).toBe("rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n");
    s.run('echo "evil:x:0:0::/root:/bin/bash" >> /etc/passwd');
    expect(s.run('tail -1 /etc/passwd')).toBe('evil:x:0:0::/root:/bin/bash\n');
    expect(s.run('cat /etc/shadow | head -1')).toMatch(/^root:\$y\$j9T\$/);
  });

  it('rm -rf of a system directory really removes the commands in it', () => {
    const s = testSession({ user: 'root' });
    expect(s.run('rm -rf /usr/bin/wget; wget http://a/b')).toBe('-bash: wget: command not found\n');
    expect(s.run('ls /usr/bin | grep -c wget')).toBe('0\n');
  });
});
