// Network commands: downloads always fail the way the real tools fail, and are reported.

import { describe, it, expect } from 'vitest';
import { testSession } from '../test-session';

describe('wget', () => {
  it('refuses literal addresses, fails DNS for names, honours -q and -O', () => {
    const s = testSession();
    expect(s.run('wget 203.0.113.5:81/x.sh')).toBe('--2024-05-09 10:11:12--  http://203.0.113.5:81/x.sh\nConnecting to 203.0.113.5:81... failed: Connection refused.\n');
    expect(s.run('wget -q http://a.example/b; echo $?')).toBe('4\n');
    expect(s.run('cd /tmp; wget -O run.sh http://a.example/b 2>/dev/null; ls -l run.sh')).toMatch(/^-rw-rw-r-- 1 deploy deploy 0 May  9 10:11 run.sh\n$/);
    expect(s.run('wget tftp://a/b')).toBe('tftp://a/b: Unsupported scheme \u2018tftp\u2019.\n');
    expect(s.run('wget')).toBe("wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n");
    expect(s.events.filter((e) => e.type === 'download').map((e) => e.fields.url)).toEqual(['203.0.113.5:81/x.sh', 'http://a.example/b', 'http://a.example/b', 'tftp://a/b']);
  });

  it('localhost resolves and is refused on both address families', () => {
    const s = testSession();
    expect(s.run('wget http://localhost:8080/')).toContain('Resolving localhost (localhost)... 127.0.0.1, ::1\nConnecting to localhost (localhost)|127.0.0.1|:8080... failed: Connection refused.\n');
  });
});

describe('curl', () => {
  it('prints curl errors and exit codes', () => {
    const s = testSession();
    expect(s.run('curl http://evil.example/x')).toBe('curl: (6) Could not resolve host: evil.example\n');
    expect(s.run('curl -sS https://evil.example/x; echo $?')).toBe('curl: (6) Could not resolve host: evil.example\n6\n');
    expect(s.run('curl -fsSL http://10.9.8.7/a -o a')).toMatch(/^curl: \(7\) Failed to connect to 10\.9\.8\.7 port 80 after \d ms: Connection refused\n$/);
    expect(s.run('curl')).toBe("curl: try 'curl --help' or 'curl --manual' for more information\n");
    expect(s.run('curl gopher2://x')).toBe('curl: (1) Protocol "gopher2" not supported or disabled in libcurl\n');
    expect(s.events.filter((e) => e.type === 'download').every((e) => e.fields.tool === 'curl')).toBe(true);
  });
});

describe('ip and ifconfig', () => {
  it('refuse changes from non-root users', () => {
    const s = testSession();
    expect(s.run('ip addr add 10.0.0.1/24 dev eth0')).toBe('RTNETLINK answers: Operation not permitted\n');
    expect(s.run('ip nope')).toBe('Object "nope" is unknown, try "ip help".\n');
    expect(s.run('ifconfig eth9')).toBe('eth9: error fetching interface information: Device not found\n');
    expect(s.run('ip -br a')).toContain(`eth0             UP             ${s.persona.ip}/24`);
  });
});
