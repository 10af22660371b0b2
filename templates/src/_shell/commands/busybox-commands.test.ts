// GNU (Debian) vs BusyBox (Alpine, embedded) shapes of ps, netstat, mount, df, free, top and ls
// --help, per family; headers and usage texts compared with the host's own busybox where its
// build (Debian's busybox 1.35) has the same applet shape.

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { derivePersona } from '../../persona/derive';
import { T0, testSession } from '../test-session';
import { USAGE } from './busybox';

const persona = (nmapOs: 'linux' | 'embedded', distro: 'alpine' | 'debian') =>
  derivePersona({ deckyName: `bb-${nmapOs}-${distro}`, nmapOs, distro, services: ['ssh', 'telnet'], nowMs: T0 }).shell;
const session = (nmapOs: 'linux' | 'embedded', distro: 'alpine' | 'debian') => testSession({ user: 'root', persona: persona(nmapOs, distro) });
const full = (s: ReturnType<typeof session>, cmd: string) => s.shell.execute(`${cmd} 2>&1; echo "rc=$?"`).output;
/** The host's busybox applet output (Debian package `busybox`, listed in ../test-packages.txt). */
const host = (...argv: string[]): string => {
  const r = spawnSync('busybox', argv, { encoding: 'utf8' });
  if (r.error) throw r.error;
  return r.stdout + r.stderr;
};
const first = (text: string, n = 1): string => text.split('\n').slice(0, n).join('\n');

const FAMILIES = [
  { name: 'Debian (GNU)', s: () => session('linux', 'debian'), ps: '    PID TTY          TIME CMD', netstatHead: 'Proto Recv-Q Send-Q Local Address           Foreign Address         State      ', root: /^sysfs on \/sys type sysfs/, dfHead: /^Filesystem +1K-blocks +Used Available Use% Mounted on$/, freeHead: '               total        used        free      shared  buff/cache   available' },
  { name: 'Alpine (BusyBox)', s: () => session('linux', 'alpine'), ps: 'PID   USER     TIME  COMMAND', netstatHead: 'Proto Recv-Q Send-Q Local Address           Foreign Address         State       ', root: /^\/dev\/sda3 on \/ type ext4 \(rw,relatime\)$/, dfHead: /^Filesystem {11}1K-blocks {6}Used Available Use% Mounted on$/, freeHead: '              total        used        free      shared  buff/cache   available' },
  { name: 'embedded (BusyBox)', s: () => session('embedded', 'alpine'), ps: 'PID   USER     TIME  COMMAND', netstatHead: 'Proto Recv-Q Send-Q Local Address           Foreign Address         State       ', root: /^rootfs on \/ type rootfs \(rw\)$/, dfHead: /^Filesystem {11}1K-blocks {6}Used Available Use% Mounted on$/, freeHead: '              total        used        free      shared  buff/cache   available' },
] as const;

describe('process, socket, mount and memory tools per family', () => {
  for (const fam of FAMILIES) {
    it(`${fam.name}: ps, netstat, mount, df and free headers`, () => {
      const s = fam.s();
      expect(first(s.run('ps'))).toBe(fam.ps);
      expect(s.run('netstat -tln').split('\n')[1]).toBe(fam.netstatHead);
      expect(first(s.run('mount'))).toMatch(fam.root);
      expect(first(s.run('df'))).toMatch(fam.dfHead);
      expect(first(s.run('free'))).toBe(fam.freeHead);
    });
  }
});

describe('BusyBox applets on Alpine', () => {
  const alp = session('linux', 'alpine');

  it('ps lists every process in busybox columns, ignores BSD words and answers usage', () => {
    const ps = alp.run('ps');
    expect(ps).toMatch(/^ {4}1 root {6}0:\d\d \/sbin\/init\n/m);
    expect(ps).toMatch(/^ *\d+ root +\d+:\d\d sshd: \/usr\/sbin\/sshd \[listener\]/m);
    expect(ps).toMatch(/^ *\d+ root +\d+:\d\d -ash$/m);
    expect(first(alp.run('ps aux'))).toBe('PID   USER     TIME  COMMAND');
    expect(first(alp.run('ps -ef'))).toBe('PID   USER     TIME  COMMAND');
    expect(full(alp, 'ps --help')).toMatch(/^BusyBox v1\.36\.1 \(.*\) multi-call binary\.\n\nUsage: ps \[-o COL1,COL2=HEADER\] \[-T\]\n[^]*rc=0\n$/);
    expect(full(alp, 'ps -aux')).toMatch(/^ps: invalid option -- 'u'\nBusyBox v1\.36\.1[^]*rc=1\n$/);
    expect(full(alp, 'ps -o pid,bogus')).toMatch(/^ps: bad -o argument 'bogus', supported arguments: user,group,comm,args,pid,ppid,pgid,etime,nice,rgroup,ruser,time,tty,vsz,sid,stat,rss\nrc=1\n$/);
    expect(first(alp.run('ps -o pid,comm=NAME'))).toBe('PID   NAME');
  });

  it('matches the host busybox ps -o headers and usage text', () => {
    const cols = 'pid,ppid,user,comm,vsz,rss,stat,tty,nice,sid,group,args';
    // On a terminal busybox cuts lines at its width, as ours does; through a pipe both print them whole.
    expect(first(alp.run(`ps -o ${cols} | cat`))).toBe(first(host('ps', '-o', cols)));
    expect(alp.run('ps --help 2>&1').split('\n').slice(1).join('\n')).toBe(host('ps', '--help').split('\n').slice(1).join('\n'));
    const bbRow = host('ps', '-o', 'pid,user,vsz,stat,tty,args').split('\n')[1] ?? '';
    const ours = alp.run('ps -o pid,user,vsz,stat,tty,args').split('\n')[1] ?? '';
    // Same column offsets: PID right-aligned in 5, USER in 8, VSZ in 4, STAT in 4, TT in 6.
    expect(ours.slice(0, 5)).toMatch(/^ *\d+$/);
    expect(bbRow.slice(0, 5)).toMatch(/^ *\d+$/);
    expect(ours.slice(5, 6) + ours.slice(14, 15) + ours.slice(19, 20) + ours.slice(24, 25)).toBe(bbRow.slice(5, 6) + bbRow.slice(14, 15) + bbRow.slice(19, 20) + bbRow.slice(24, 25));
  });

  it('netstat: busybox titles, tcp for IPv6 too, PID/Program name, UNIX section, usage', () => {
    const tlnp = alp.run('netstat -tlnp');
    expect(tlnp).toMatch(/^Active Internet connections \(only servers\)\nProto Recv-Q Send-Q Local Address {11}Foreign Address {9}State {7}PID\/Program name\n/);
    expect(tlnp).toMatch(/^tcp {8}0 {6}0 :::22 {19}:::\* {20}LISTEN {6}\d+\/sshd$/m);
    expect(tlnp).not.toContain('tcp6');
    expect(alp.run('netstat -tln').split('\n')[1]).toBe(host('netstat', '-tln').split('\n')[1]);
    expect(alp.run('netstat')).toMatch(/Active UNIX domain sockets \(w\/o servers\)\nProto RefCnt Flags {7}Type {7}State {9}I-Node Path\n/);
    expect(alp.run('netstat -x').split('\n').slice(0, 2).join('\n')).toBe(host('netstat', '-x').split('\n').slice(0, 2).join('\n'));
    expect(full(alp, 'netstat --tcp')).toMatch(/^netstat: unrecognized option '--tcp'\nBusyBox v1\.36\.1[^]*Usage: netstat \[-ral\] \[-tuwx\] \[-enWp\]\n[^]*rc=1\n$/);
    // Debian's busybox is built without -W/-p; the rest of the usage text is the same.
    const ours = alp.run('netstat --help 2>&1').split('\n').slice(3, 17).join('\n');
    expect(ours).toBe(host('netstat', '--help').split('\n').slice(3, 17).join('\n'));
  });

  it('mount, /proc/mounts and df agree on the Alpine table', () => {
    const mount = alp.run('mount');
    expect(mount).toContain('devtmpfs on /dev type devtmpfs (rw,nosuid,noexec,relatime,size=10240k,');
    expect(mount).toContain('shm on /dev/shm type tmpfs');
    expect(mount).not.toMatch(/udev|\/run\/lock|\/run\/user/);
    const proc = alp.run('cat /proc/mounts').trim().split('\n').map((l) => l.split(' '));
    expect(mount.trim().split('\n')).toEqual(proc.map(([d, m, t, o]) => `${d} on ${m} type ${t} (${o})`));
    const df = alp.run('df').trim().split('\n').slice(1).map((l) => l.split(/ +/)[0]);
    expect(df).toEqual(['/dev/sda3', 'devtmpfs', 'shm', 'tmpfs', '/dev/sda1']);
    expect(first(alp.run('df -h'))).toBe(first(host('df', '-h')));
    expect(alp.run('df -h')).toMatch(/^devtmpfs {17}10\.0M {9}0 {5}10\.0M {3}0% \/dev$/m);
    expect(full(alp, 'mount --help').split('\n').slice(1).join('\n')).toBe(`${host('mount', '--help').split('\n').slice(1).join('\n')}rc=0\n`);
    expect(full(alp, 'mount /dev/sdb1 /mnt')).toBe('mount: mounting /dev/sdb1 on /mnt failed: No such file or directory\nrc=1\n');
  });

  it('free, top and ls --help in busybox shapes', () => {
    expect(first(alp.run('free'))).toBe(first(host('free')));
    expect(alp.run('free -m')).toMatch(/^Mem: {3} +\d+ +\d+ +\d+ +\d+ +\d+ +\d+\nSwap: +\d+ +\d+ +\d+\n$/m);
    expect(alp.run('free -h').split('\n')[1]).toMatch(/^Mem: +\d+\.\dG +\d+\.\d[MG] /);
    const top = alp.run('top -bn1').split('\n');
    expect(top[0]).toMatch(/^Mem: \d+K used, \d+K free, \d+K shrd, \d+K buff, \d+K cached$/);
    expect(top[1]).toMatch(/^CPU: +\d+% usr +\d+% sys +0% nic +\d+% idle +0% io +0% irq +0% sirq$/);
    expect(top[2]).toMatch(/^Load average: \d+\.\d\d \d+\.\d\d \d+\.\d\d \d+\/\d+ \d+$/);
    expect(top[3]).toBe(host('top', '-bn1').split('\n')[3]);
    expect(full(alp, 'ls --help').split('\n').slice(1).join('\n')).toBe(`\n${USAGE['ls'] ?? ''}rc=0\n`);
    expect(USAGE['ls']).toBe(host('ls', '--help').split('\n').slice(2).join('\n'));
  });
});

describe('file errors in BusyBox wording', () => {
  it('match the host busybox line for line; Debian keeps coreutils wording', () => {
    const alp = session('linux', 'alpine');
    const cases = ['cat /nonexist', 'cat /tmp', 'ls /nonexist', 'rm /nonexist', 'rm /tmp', 'mkdir /nonexist/x', 'head /nonexist', 'cp /nonexist /tmp/x', 'mv /nonexist /tmp/x', 'touch /nonexist/x', 'chmod 644 /nonexist', 'chown root /nonexist', 'rmdir /nonexist'];
    for (const c of cases) expect(alp.run(`${c} 2>&1`), c).toBe(first(host(...c.split(' '))) + '\n');
    expect(alp.run('tail /nonexist 2>&1')).toBe("tail: can't open '/nonexist': No such file or directory\n");
    expect(alp.run('cd /nonexist 2>&1')).toBe("-ash: cd: can't cd to /nonexist: No such file or directory\n");
    // ls -l in busybox's fixed columns, device numbers included.
    const bbLs = host('ls', '-l', '/dev/null').replace(/ [A-Z][a-z]{2} [ \d]\d (?: \d{4}|\d\d:\d\d) /, ' DATE ');
    expect(alp.run('ls -l /dev/null').replace(/ [A-Z][a-z]{2} [ \d]\d (?: \d{4}|\d\d:\d\d) /, ' DATE ')).toBe(bbLs);
    expect(alp.run('ls -ld /etc')).toMatch(/^drwxr-xr-x +\d{1,4} root {5}root {10}4096 \w{3} [ \d]\d (?: \d{4}|\d\d:\d\d) \/etc\n$/);
    expect(session('linux', 'debian').run('cat /nonexist 2>&1; rm /nonexist 2>&1')).toBe("cat: /nonexist: No such file or directory\nrm: cannot remove '/nonexist': No such file or directory\n");
  });
});

describe('OpenRC and logread', () => {
  it('rc-status and rc-service list the daemons ps shows; logread follows the syslogd mode', () => {
    const alp = session('linux', 'alpine');
    const status = alp.run('rc-status');
    expect(status).toMatch(/^Runlevel: default\n/);
    expect(status).toMatch(/^ sshd {62}\[ {2}started {2}\]$/m);
    expect(status).toMatch(/^ crond +\[ {2}started {2}\]$/m);
    expect(status).toContain('Dynamic Runlevel: needed/wanted\n');
    expect(alp.run('ps')).toMatch(/crond/);
    expect(full(alp, 'rc-service sshd status')).toBe(' * status: started\nrc=0\n');
    expect(full(alp, 'rc-service nosuch status')).toBe(" * rc-service: service `nosuch' does not exist\nrc=1\n");
    expect(full(alp, 'logread')).toBe("logread: can't find syslogd buffer: No such file or directory\nrc=1\n");
    // BusyBox syslogd's one log: "host facility.level prog[pid]:", no PAM, crond running /etc/periodic.
    const log = alp.run('cat /var/log/messages');
    expect(log).toMatch(new RegExp(`^\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d ${alp.persona.hostname} cron\\.info crond\\[\\d+\\]: USER root pid \\d+ cmd run-parts /etc/periodic/15min$`, 'm'));
    expect(log).toMatch(/ auth\.info sshd\[\d+\]: Accepted password for root from 198\.51\.100\.7 port \d+ ssh2\n$/);
    expect(log).not.toMatch(/pam_unix|systemd|CRON/);
    expect(alp.run('ls /var/log/auth.log 2>&1')).toContain('No such file or directory');
    const cam = session('embedded', 'alpine');
    expect(full(cam, 'rc-status')).toMatch(/rc-status: not found\nrc=127\n$/);
    expect(cam.run('logread | tail -n 1')).toMatch(/^\w{3} [ \d]\d \d\d:\d\d:\d\d /);
  });
});

describe('embedded BusyBox device', () => {
  it('mounts a read-only /dev/root and shows it in df', () => {
    const cam = session('embedded', 'alpine');
    expect(cam.run('mount')).toMatch(/^rootfs on \/ type rootfs \(rw\)\n\/dev\/root on \/ type squashfs \(ro,relatime\)\n/);
    expect(cam.run('df')).toMatch(/^\/dev\/root +(\d+) +\1 +0 100% \/$/m);
    expect(first(cam.run('ps'))).toBe('PID   USER     TIME  COMMAND');
    expect(cam.run('netstat -tln')).not.toContain('tcp6');
  });
});
