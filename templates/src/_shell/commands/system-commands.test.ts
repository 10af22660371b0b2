// System information and shell builtins: uname, ps, free, df, date, kill, env/export/unset, type.

import { describe, it, expect } from 'vitest';
import { testSession } from '../test-session';

describe('uname', () => {
  it('supports every flag in GNU order and rejects unknown ones', () => {
    const s = testSession();
    const h = s.persona.hostname;
    expect(s.run('uname')).toBe('Linux\n');
    expect(s.run('uname -snrvmo')).toBe(`Linux ${h} 5.15.0-105-generic #115-Ubuntu SMP Mon Apr 15 09:52:04 UTC 2024 x86_64 GNU/Linux\n`);
    expect(s.run('uname -o -s')).toBe('Linux GNU/Linux\n');
    expect(s.run('uname -p -i')).toBe('x86_64 x86_64\n');
    expect(s.run('uname -z')).toBe("uname: invalid option -- 'z'\nTry 'uname --help' for more information.\n");
    expect(s.run('uname --version | head -1')).toBe('uname (GNU coreutils) 8.32\n');
  });
});

describe('ps', () => {
  it('prints procps formats with the session processes', () => {
    const s = testSession();
    const aux = s.run('ps aux | cat');
    expect(aux.split('\n')[0]).toBe('USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND');
    expect(aux).toMatch(/\nroot {11}1 {2}0\.0 {2}0\.\d {1,6}\d+ +\d+ \? {8}Ss {3}May0\d +\d+:\d\d \/sbin\/init\n/);
    expect(aux).toContain('sshd: deploy [priv]');
    expect(aux).toMatch(/\nsystemd\+ +\d+ .* \/lib\/systemd\/systemd-networkd/);
    expect(aux).toMatch(/\nwww-data +\d+ .* nginx: worker process/);
    for (const line of s.run('ps aux').split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(aux.split('\n').some((l) => l.length > 80)).toBe(true);
    expect(s.run('ps -ef | head -1')).toBe('UID          PID    PPID  C STIME TTY          TIME CMD\n');
    expect(s.run('ps')).toMatch(/^ {4}PID TTY {10}TIME CMD\n +\d+ pts\/0 +00:00:00 bash\n +\d+ pts\/0 +00:00:00 ps\n$/);
  });

  it('kill: others are refused, root can stop a service, killing the shell ends the session', () => {
    const s = testSession();
    expect(s.run('kill -9 1')).toBe('-bash: kill: (1) - Operation not permitted\n');
    expect(s.run('kill 999999')).toBe('-bash: kill: (999999) - No such process\n');
    const root = testSession({ user: 'root' });
    const pid = root.run("ps aux | grep 'nginx: master' | grep -v grep | awk '{print $2}'").trim();
    expect(root.run(`kill ${pid}; ps aux | grep -c 'nginx: master process'`)).toBe('1\n');
    expect(root.shell.execute('kill -9 $$').exit).toBe(true);
  });
});

describe('resources', () => {
  it('free and df', () => {
    const s = testSession();
    expect(s.run('free').split('\n')[0]).toBe('               total        used        free      shared  buff/cache   available');
    expect(s.run('free -h')).toMatch(/\nMem: {11}3\.8Gi +\d+Mi +\d\.\dGi +\d\.\dMi +\d+Mi +\d\.\dGi\nSwap: +0B +0B +0B\n$/);
    expect(s.run('df -h /').split('\n')[0]).toBe('Filesystem      Size  Used Avail Use% Mounted on');
    expect(s.run('df / | tail -1')).toMatch(/^\/dev\/\S+ +30298176 +\d+ +\d+ +\d+% \/\n$/);
  });

  it('date formats', () => {
    const s = testSession();
    expect(s.run('date')).toBe('Thu May  9 10:11:12 UTC 2024\n');
    expect(s.run('date +%F_%T%%')).toBe('2024-05-09_10:11:12%\n');
    expect(s.run('date -R')).toBe('Thu, 09 May 2024 10:11:12 +0000\n');
    expect(s.run('sleep 5; sleep x')).toBe("sleep: invalid time interval 'x'\nTry 'sleep --help' for more information.\n");
  });
});

describe('builtins', () => {
  it('export, env, unset, variables and arithmetic', () => {
    const s = testSession();
    s.run('export FOO=bar; BAZ=1');
    expect(s.run('env | grep -E "^(FOO|BAZ)="')).toBe('FOO=bar\n');
    expect(s.run('export | grep FOO')).toBe('declare -x FOO="bar"\n');
    expect(s.run('echo $FOO$BAZ $((BAZ+41)) $HOME $USER')).toBe('bar1 42 /home/deploy deploy\n');
    expect(s.run('unset FOO; echo "[$FOO]"')).toBe('[]\n');
    expect(s.run('export 1x=2')).toBe("-bash: export: `1x=2': not a valid identifier\n");
    expect(s.run('X=5 env | grep ^X=')).toBe('X=5\n');
    expect(s.run('echo $X')).toBe('\n');
  });

  it('type, which, alias, cd -', () => {
    const s = testSession();
    expect(s.run('type cd ll wget if')).toBe("cd is a shell builtin\nll is aliased to `ls -alF'\nwget is /usr/bin/wget\nif is a shell keyword\n");
    expect(s.run('alias | grep "alias ls="')).toBe("alias ls='ls --color=auto'\n");
    expect(s.run('cd /etc; cd -; pwd')).toBe('/home/deploy\n/home/deploy\n');
    expect(s.run('cd /nope')).toBe('-bash: cd: /nope: No such file or directory\n');
  });

  it('subshells and command substitution do not leak state', () => {
    const s = testSession();
    expect(s.run('(cd /tmp; export Z=1); pwd; echo "[$Z]"')).toBe('/home/deploy\n[]\n');
    expect(s.run('echo $(cd /; pwd) $(pwd)')).toBe('/ /home/deploy\n');
    expect(s.run('false || echo a && echo b; true && false || echo c')).toBe('a\nb\nc\n');
    expect(s.run('echo out 2>/dev/null; ls /nope 2>/dev/null; echo $?')).toBe('out\n2\n');
    expect(s.run('ls /nope > /tmp/o 2>&1; cat /tmp/o')).toBe("ls: cannot access '/nope': No such file or directory\n");
  });
});
