import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customServiceOf, parseCustomService, splitExec, withCustomServices } from './custom-service';
import { parseFleetIni } from './ini';

describe('custom (BYOS) services', () => {
  it('splits exec= into argv with quotes and escapes, never interpreting anything', () => {
    expect(splitExec('/usr/bin/myservice -p 8080')).toEqual(['/usr/bin/myservice', '-p', '8080']);
    expect(splitExec(`sh -c 'echo "$HOME; rm -rf /"' x\\ y`)).toEqual(['sh', '-c', 'echo "$HOME; rm -rf /"', 'x y']);
    expect(splitExec('a "b \\"c\\"" \'\'')).toEqual(['a', 'b "c"', '']);
    expect(splitExec('  ')).toEqual([]);
    expect(splitExec('echo "unterminated')).toBeUndefined();
    expect(splitExec('x'.repeat(2000))).toBeUndefined();
  });

  it('never throws on arbitrary exec lines', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => {
      const r = splitExec(s);
      expect(r === undefined || Array.isArray(r)).toBe(true);
    }));
  });

  it('carries an INI [custom-*] definition into the config of every decky that uses it', () => {
    const fleet = parseFleetIni('[edge]\nservices=ssh, myapp\n[custom-myapp]\nbinary=registry.local:5000/acme/app:1.2\nexec=/app/run --port 8080\nports=8080, 8443\n[other]\nservices=ssh\n');
    const [edge, other] = withCustomServices(fleet.deckies, fleet.custom);
    expect(edge!.serviceConfig.myapp).toEqual({ binary: 'registry.local:5000/acme/app:1.2', exec: '/app/run --port 8080', ports: '8080,8443' });
    expect(other!.serviceConfig).toEqual({});
    expect(customServiceOf(edge!, 'myapp')).toEqual({ name: 'myapp', image: 'registry.local:5000/acme/app:1.2', argv: ['/app/run', '--port', '8080'], ports: [8080, 8443] });
    expect(customServiceOf(edge!, 'ssh')).toBeUndefined();
  });

  it('explains what is wrong with a definition', () => {
    expect(parseCustomService('x', {})).toMatch(/no binary=/);
    expect(parseCustomService('x', { binary: 'img; rm -rf /' })).toMatch(/not a container image/);
    expect(parseCustomService('x', { binary: 'img', exec: "a 'b" })).toMatch(/unbalanced/);
    expect(parseCustomService('x', { binary: 'img', ports: '80,http' })).toMatch(/ports=/);
  });
});
