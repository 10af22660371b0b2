import { describe, expect, it } from 'vitest';
import { parseReport, parseSshClient } from './channel';

const b = (s: string) => Buffer.from(s).toString('base64') || '-';

describe('parseReport', () => {
  it('reads the three report kinds', () => {
    expect(parseReport(`auth failure 812 ${b('root')} ${b('10.0.0.9')} ${b('sshd')} ${b('hunter2 x')}\n`)).toMatchObject({ kind: 'auth', outcome: 'failure', pid: 812, user: 'root', rhost: '10.0.0.9' });
    const auth = parseReport(`auth success 9 ${b('root')} - ${b('sshd')} -`);
    expect(auth && auth.kind === 'auth' && [auth.rhost, auth.secret.length]).toEqual(['', 0]);
    expect(parseReport(`exec 77 ${b('root')} ${b('10.0.0.9 50022 22')} ${b('scp -t /tmp')}`)).toMatchObject({ kind: 'exec', cmd: 'scp -t /tmp' });
    expect(parseReport(`start 78 1700000000123 ${b('root')} ${b('10.0.0.9 50022 22')} ${b('xterm')} 120 40`)).toMatchObject({ kind: 'start', cols: 120, rows: 40 });
  });

  it('refuses unknown kinds, wrong arity, bad fields and long lines', () => {
    expect(parseReport('constructor 1 2')).toBeUndefined();
    expect(parseReport(`auth maybe 1 - - - -`)).toBeUndefined();
    expect(parseReport(`auth failure 1 - - -`)).toBeUndefined();
    expect(parseReport(`auth failure 1 - - - not*base64`)).toBeUndefined();
    expect(parseReport(`start 78 ../../x - - - 1 1`)).toBeUndefined();
    expect(parseReport(`exec 1 - - ${'A'.repeat(5000)}`)).toBeUndefined();
  });

  it('parses SSH_CLIENT', () => {
    expect(parseSshClient('10.198.9.1 41022 22')).toEqual({ ip: '10.198.9.1', port: 41022 });
    expect(parseSshClient('::ffff:10.1.2.3 5 22')).toEqual({ ip: '10.1.2.3', port: 5 });
    expect(parseSshClient('10.1.2.3 0 22')).toBeUndefined();
    expect(parseSshClient('x; rm -rf /')).toBeUndefined();
  });
});
