import { describe, expect, it } from 'vitest';
import { DeckySpecSchema } from './decky-spec';
import { parseFleetIni, safeParseFleetIni } from './ini';
import { IniError } from './ini-error';

// The example of inventory §2.7 (ini_loader.py docstring + tests/config/test_ini_loader.py).
const INVENTORY_EXAMPLE = `[general]
net=192.168.1.0/24
gw=192.168.1.1
interface=wlp6s0

[hostname-1]
ip=192.168.1.82
services=ssh,smb
archetype=linux-server
amount=3

[hostname-1.ssh]
kernel_version=5.15.0-76-generic
users=root:toor,admin:admin123

[hostname-1.http]
server_header=nginx/1.18.0
fake_app=wordpress

[corp-workstations]
archetype=windows-workstation
amount=5

[custom-myservice]
binary=my-docker-image:latest
exec=/usr/bin/myservice -p 8080
ports=8080
`;

function iniError(text: string): IniError {
  const r = safeParseFleetIni(text);
  if (r.ok) throw new Error('expected an IniError');
  return r.error;
}

describe('parseFleetIni: the inventory example', () => {
  it('rejects it as DECNET does: ip= with amount=3, on the ip line', () => {
    const e = iniError(INVENTORY_EXAMPLE);
    expect(e).toBeInstanceOf(IniError);
    expect(e.code).toBe('bad_value');
    expect(e.line).toBe(7);
    expect(e.message).toBe('line 7: cannot combine ip= with amount=3; remove ip= or use amount=1');
  });

  it('expands amount, applies [decky.svc] to expanded deckies and returns custom services', () => {
    const spec = parseFleetIni(INVENTORY_EXAMPLE.replace('ip=192.168.1.82\n', ''));
    expect(spec.general).toEqual({ net: '192.168.1.0/24', gw: '192.168.1.1', interface: 'wlp6s0' });
    expect(spec.deckies.map((d) => d.name)).toEqual([
      'hostname-1-01', 'hostname-1-02', 'hostname-1-03',
      'corp-workstations-01', 'corp-workstations-02', 'corp-workstations-03', 'corp-workstations-04', 'corp-workstations-05',
    ]);
    expect(spec.deckies[0]).toEqual({
      name: 'hostname-1-01',
      archetype: 'linux-server',
      services: ['ssh', 'smb'],
      serviceConfig: {
        ssh: { kernel_version: '5.15.0-76-generic', users: 'root:toor,admin:admin123' },
        http: { server_header: 'nginx/1.18.0', fake_app: 'wordpress' },
      },
    });
    // A decky with an archetype and no services takes the archetype's services.
    expect(spec.deckies[3]).toEqual({ name: 'corp-workstations-01', archetype: 'windows-workstation', services: ['smb', 'rdp'], serviceConfig: {} });
    expect(spec.custom).toEqual([{ name: 'myservice', binary: 'my-docker-image:latest', exec: '/usr/bin/myservice -p 8080', ports: [8080] }]);
    // [hostname-1.http] configures a service hostname-1 does not run: kept (as DECNET) but reported.
    expect(spec.warnings).toEqual([{ line: 15, message: '[hostname-1.http] configures "http", which the decky does not run' }]);
    for (const d of spec.deckies) expect(DeckySpecSchema.safeParse(d).success).toBe(true);
  });

  it('gives each expanded decky its own config object', () => {
    const spec = parseFleetIni(INVENTORY_EXAMPLE.replace('ip=192.168.1.82\n', ''));
    expect(spec.deckies[0]?.serviceConfig.ssh).not.toBe(spec.deckies[1]?.serviceConfig.ssh);
  });
});

describe('parseFleetIni: DECNET docstring forms', () => {
  it('accepts inline comments after structural values and deckies with only ip=', () => {
    const spec = parseFleetIni(`[general]
net=192.168.1.0/24

[hostname-1]
ip=192.168.1.82               # optional
services=ssh,smb              # optional; falls back to --randomize-services

[hostname-2]
services=ssh

[hostname-3]
ip=192.168.1.32
`);
    expect(spec.deckies).toEqual([
      { name: 'hostname-1', ip: '192.168.1.82', services: ['ssh', 'smb'], serviceConfig: {} },
      { name: 'hostname-2', services: ['ssh'], serviceConfig: {} },
      { name: 'hostname-3', ip: '192.168.1.32', services: [], serviceConfig: {} },
    ]);
    expect(spec.warnings).toEqual([{ line: 11, message: '[hostname-3] has no services and no archetype; services are picked at deploy time' }]);
  });

  it('reads nmap_os / nmap-os and mutate_interval / mutate-interval', () => {
    const spec = parseFleetIni('[a]\nservices=ssh\nnmap-os=bsd\nmutate-interval=15\n[b]\narchetype=printer\nnmap_os=cisco\nmutate_interval=60\n');
    expect(spec.deckies[0]).toMatchObject({ nmapOs: 'bsd', mutateIntervalMin: 15 });
    expect(spec.deckies[1]).toMatchObject({ nmapOs: 'cisco', mutateIntervalMin: 60, services: ['snmp', 'ftp'] });
  });

  it('lets a custom service be used in services=, before or after its definition', () => {
    const spec = parseFleetIni('[edge]\nservices=ssh, myapp\n[custom-myapp]\nbinary=ghcr.io/x/app:1\nports=8080, 8443\n[edge.myapp]\nmode=strict\n');
    expect(spec.deckies[0]).toMatchObject({ services: ['ssh', 'myapp'], serviceConfig: { myapp: { mode: 'strict' } } });
    expect(spec.custom[0]).toEqual({ name: 'myapp', binary: 'ghcr.io/x/app:1', exec: '', ports: [8080, 8443] });
  });

  it('a direct [decky-NN.svc] overrides the group section for that decky only, in file order', () => {
    const spec = parseFleetIni('[web]\nservices=http\namount=2\n[web.http]\nfake_app=wordpress\n[web-02.http]\nfake_app=jenkins\n');
    expect(spec.deckies.map((d) => d.serviceConfig.http?.fake_app)).toEqual(['wordpress', 'jenkins']);
  });

  it('ignores orphan subsections with a warning', () => {
    const spec = parseFleetIni('[a]\nservices=ssh\n\n[ghost.ssh]\nuser=x\n');
    expect(spec.deckies[0]?.serviceConfig).toEqual({});
    expect(spec.warnings).toEqual([{ line: 4, message: '[ghost.ssh] matches no decky; ignored' }]);
  });
});

describe('parseFleetIni: configparser syntax', () => {
  it('accepts : delimiters, upper-case keys, ; and # comments, CRLF and a BOM', () => {
    const spec = parseFleetIni('\uFEFF; fleet\r\n# more\r\n[a]\r\nSERVICES : ssh,http\r\n  ; indented comment\r\nIP = 10.0.0.5\r\n');
    expect(spec.deckies[0]).toEqual({ name: 'a', services: ['ssh', 'http'], ip: '10.0.0.5', serviceConfig: {} });
  });

  it('joins indented continuation lines, keeping inner blank lines', () => {
    const spec = parseFleetIni('[a]\nservices=ssh,\n  http\n[a.http]\ncustom_body=<h1>Hi</h1>\n\n   <p>#1</p>\nfake_app=wordpress\n');
    expect(spec.deckies[0]?.services).toEqual(['ssh', 'http']);
    expect(spec.deckies[0]?.serviceConfig.http).toEqual({ custom_body: '<h1>Hi</h1>\n\n<p>#1</p>', fake_app: 'wordpress' });
  });

  it('keeps # and ; inside service config values verbatim', () => {
    const spec = parseFleetIni('[a]\nservices=ssh\n[a.ssh]\npassword=hunter2 #not a comment; really\n');
    expect(spec.deckies[0]?.serviceConfig.ssh?.password).toBe('hunter2 #not a comment; really');
  });

  it('applies BasicInterpolation: %% and %(key)s', () => {
    const spec = parseFleetIni('[DEFAULT]\ndomain=corp.local\n[a]\nservices=ssh\n[a.ssh]\nuser=admin\npassword=100%%\nbanner=%(user)s@%(domain)s %(missing)s 5%\n');
    expect(spec.deckies[0]?.serviceConfig.ssh).toEqual({ user: 'admin', password: '100%', banner: 'admin@corp.local %(missing)s 5%' });
  });

  it('falls back to [DEFAULT] for decky keys', () => {
    const spec = parseFleetIni('[DEFAULT]\narchetype=linux-server\n[a]\n[b]\nservices=redis\n');
    expect(spec.deckies.map((d) => [d.name, d.archetype, d.services])).toEqual([
      ['a', 'linux-server', ['ssh', 'http']],
      ['b', 'linux-server', ['redis']],
    ]);
  });

  it('warns about keys DECNET ignores', () => {
    const spec = parseFleetIni('[general]\nlog_target=1.2.3.4:514\n[a]\nservices=ssh\ndistro=debian\n');
    expect(spec.warnings).toEqual([
      { line: 2, message: '[general] key "log_target" ignored' },
      { line: 5, message: '[a] key "distro" ignored' },
    ]);
  });
});

describe('parseFleetIni: errors carry the right line', () => {
  it.each([
    ['key outside a section', 'services=ssh\n[a]\n', 'key_outside_section', 1],
    ['duplicate section', '[a]\nservices=ssh\n\n[a]\n', 'duplicate_section', 4],
    ['duplicate key', '[a]\nservices=ssh\nservices=http\n', 'duplicate_key', 3],
    ['line without delimiter', '[a]\nservices=ssh\njunk line\n', 'syntax', 3],
    ['unterminated header', '[a]\nservices=ssh\n[b\n', 'syntax', 3],
    ['unknown archetype', '[a]\n\narchetype=mainframe\n', 'unknown_archetype', 3],
    ['amount 0', '[a]\nservices=ssh\namount=0\n', 'bad_value', 3],
    ['amount 101', '[a]\nservices=ssh\namount=101\n', 'bad_value', 3],
    ['amount not a number', '[a]\nservices=ssh\namount=three\n', 'bad_value', 3],
    ['unknown service', '[a]\nservices=ssh,telnetd\n', 'unknown_service', 2],
    ['service name with a space', '[a]\nservices=ssh http\n', 'unknown_service', 2],
    ['unknown service subsection', '[a]\nservices=ssh\n[a.sshd]\nx=1\n', 'unknown_service', 3],
    ['bad decky name', '[general]\n[web server]\nservices=ssh\n', 'bad_name', 2],
    ['decky name over 63', `[${'a'.repeat(64)}]\nservices=ssh\n`, 'bad_name', 1],
    ['expanded name over 63', `[${'a'.repeat(61)}]\nservices=ssh\namount=2\n`, 'bad_name', 1],
    ['expansion colliding with a decky', '[web-01]\nservices=ssh\n[web]\nservices=http\namount=2\n', 'duplicate_decky', 3],
    ['duplicate ip', '[a]\nip=10.0.0.1\n[b]\nip=10.0.0.1\n', 'duplicate_ip', 3],
    ['bad ip', '[a]\nservices=ssh\nip=10.0.0.256\n', 'bad_value', 3],
    ['bad nmap_os', '[a]\nservices=ssh\nnmap_os=plan9\n', 'bad_value', 3],
    ['bad mutate_interval', '[a]\nservices=ssh\nmutate_interval=soon\n', 'bad_value', 3],
    ['bad net', '[general]\nnet=192.168.1.0\n', 'bad_value', 2],
    ['bad gw', '[general]\ngw=router\n', 'bad_value', 2],
    ['bad interface', '[general]\ninterface=eth0; rm -rf /\n', 'bad_value', 2],
    ['custom without binary', '[custom-x]\nexec=/bin/x\n', 'bad_value', 1],
    ['custom with a bad port', '[custom-x]\nbinary=img\nports=80,http\n', 'bad_value', 3],
    ['custom shadowing a built-in', '[custom-ssh]\nbinary=img\n', 'bad_name', 1],
    ['only comments', '; nothing\n# here\n', 'no_sections', 1],
    ['empty content', '', 'no_sections', 1],
  ])('%s', (_name, text, code, line) => {
    const e = iniError(text);
    expect(e.code).toBe(code);
    expect(e.line).toBe(line);
    expect(e.message).toMatch(new RegExp(`^line ${line}: .+`));
  });

  it('refuses more than 512 KB before parsing', () => {
    const e = iniError(`[a]\nservices=ssh\n; ${'x'.repeat(512 * 1024)}\n`);
    expect(e.code).toBe('too_large');
  });

  it('parseFleetIni throws the IniError', () => {
    expect(() => parseFleetIni('[a]\namount=0\n')).toThrow(IniError);
  });

  it('accepts amount=1..100 and pads expansions to two digits (100 -> -100)', () => {
    const spec = parseFleetIni('[n]\nservices=ssh\namount=100\n');
    expect(spec.deckies).toHaveLength(100);
    expect(spec.deckies[0]?.name).toBe('n-01');
    expect(spec.deckies[99]?.name).toBe('n-100');
    expect(parseFleetIni('[n]\nservices=ssh\namount=+1\n').deckies[0]?.name).toBe('n');
  });
});

describe('parseFleetIni: hostile input', () => {
  it('only ever fails with an IniError (property)', async () => {
    const fc = (await import('fast-check')).default;
    const line = fc.oneof(
      fc.constantFrom('[general]', '[a]', '[a.ssh]', '[custom-x]', '[DEFAULT]', 'amount=3', 'ip=10.0.0.1', 'services=ssh',
        'archetype=printer', 'binary=img', '  continued', '', '; c', 'x=%(x)s', 'x=%(y)s', 'y=%(x)s', '[', ']'),
      fc.string({ maxLength: 40 }),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
        const r = safeParseFleetIni(lines.join('\n'));
        if (r.ok) for (const d of r.spec.deckies) expect(DeckySpecSchema.safeParse(d).success).toBe(true);
        else expect(r.error.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 1000 },
    );
  });
});
