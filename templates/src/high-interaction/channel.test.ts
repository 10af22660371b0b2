import { describe, expect, it } from 'vitest';
import { parseReport, parseSshClient } from './channel';

const pack = (...f: string[]) => Buffer.from(f.join('\0')).toString('base64') || '-';

describe('parseReport', () => {
  it('reads the four report kinds', () => {
    // pam_exec writes the password with its C string NUL: dropped.
    expect(parseReport(`auth failure 812 ${pack('root', '10.0.0.9', 'sshd', 'hunter2 x\0')}\n`)).toMatchObject({ kind: 'auth', outcome: 'failure', pid: 812, user: 'root', rhost: '10.0.0.9', secret: Buffer.from('hunter2 x') });
    const auth = parseReport(`auth success 9 ${pack('root', '', 'sshd', '')}`);
    expect(auth && auth.kind === 'auth' && [auth.rhost, auth.secret.length]).toEqual(['', 0]);
    expect(parseReport(`exec 77 ${pack('root', '10.0.0.9 50022 22', 'scp -t /tmp')}`)).toMatchObject({ kind: 'exec', cmd: 'scp -t /tmp', client: '10.0.0.9 50022 22' });
    expect(parseReport(`start 78 1700000000123 120 40 ${pack('root', '10.0.0.9 50022 22', 'xterm')}`)).toMatchObject({ kind: 'start', service: 'ssh', cols: 120, rows: 40, term: 'xterm', user: 'root' });
    // telnet: login has not run yet, so no user; the connection is found from the process tree.
    expect(parseReport(`tstart 79 1700000000124 0 0 ${pack('vt100')}`)).toEqual({ kind: 'start', service: 'telnet', pid: 79, id: '1700000000124', cols: 0, rows: 0, user: '', client: '', term: 'vt100' });
  });

  it('refuses unknown kinds, wrong arity, bad fields, missing packed fields and long lines', () => {
    expect(parseReport('constructor 1 2')).toBeUndefined();
    expect(parseReport(`auth maybe 1 ${pack('a', 'b', 'c', 'd')}`)).toBeUndefined();
    expect(parseReport(`auth failure 1`)).toBeUndefined();
    expect(parseReport(`auth failure 1 not*base64`)).toBeUndefined();
    expect(parseReport(`auth failure 1 ${pack('only', 'two')}`)).toBeUndefined();
    expect(parseReport(`start 78 ../../x 1 1 ${pack('a', 'b', 'c')}`)).toBeUndefined();
    expect(parseReport(`exec 1 ${'A'.repeat(5000)}`)).toBeUndefined();
    expect(parseReport(`tstart 79 1 0 0`)).toBeUndefined();
  });

  it('parses SSH_CLIENT', () => {
    expect(parseSshClient('10.198.9.1 41022 22')).toEqual({ ip: '10.198.9.1', port: 41022 });
    expect(parseSshClient('::ffff:10.1.2.3 5 22')).toEqual({ ip: '10.1.2.3', port: 5 });
    expect(parseSshClient('10.1.2.3 0 22')).toBeUndefined();
    expect(parseSshClient('x; rm -rf /')).toBeUndefined();
  });
});
