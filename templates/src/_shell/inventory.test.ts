// The per-family inventory drives which, type, command -v and "command not found" so that they never
// disagree, on Debian, RHEL and Alpine personas; family-specific tools answer as those systems do.

import { describe, it, expect } from 'vitest';
import { testSession } from './test-session';
import type { TestSession } from './test-session';
import { exampleShellPersona } from './persona';
import type { DistroFamily, ShellPersona } from './persona';
import { COMMANDS } from './commands/index';
import { isInstalled } from './inventory';

function persona(family: DistroFamily): ShellPersona {
  const base = exampleShellPersona(`inv-${family}`);
  if (family === 'rhel') return { ...base, family, osPrettyName: 'Rocky Linux 9.3 (Blue Onyx)', kernelRelease: '5.14.0-362.8.1.el9_3.x86_64' };
  if (family === 'alpine') return { ...base, family, osPrettyName: 'Alpine Linux v3.19', kernelRelease: '6.6.14-0-lts', processes: [] };
  return { ...base, osPrettyName: 'Debian GNU/Linux 12 (bookworm)', kernelRelease: '6.1.0-18-amd64' };
}

const complete = (s: TestSession, prefix: string): string[] => s.shell.completeCommand?.(prefix) ?? ['(no completion)'];

const PROGRAMS = COMMANDS.filter((c) => c.path !== undefined).map((c) => c.name);

describe('command inventory', () => {
  for (const family of ['debian', 'rhel', 'alpine'] as const) {
    it(`which, type, command -v and running agree with the ${family} inventory`, () => {
      const s = testSession({ user: 'root', persona: persona(family) });
      const disagreements: string[] = [];
      let installed = 0;
      const completions = new Set(complete(s, ''));
      for (const name of PROGRAMS) {
        const want = isInstalled(family, name);
        if (want) installed++;
        const which = s.run(`which ${name} >/dev/null; echo $?`).trim() === '0';
        const type = s.run(`type ${name} >/dev/null 2>&1; echo $?`).trim() === '0';
        const commandV = s.run(`command -v ${name}`).trim();
        const ran = s.run(`${name} --version </dev/null 2>&1 | head -n 1`);
        const notFound = /(command )?not found\n$/.test(ran) && ran.includes(`${name}: `) && !ran.includes('--version');
        const view = [which, type, commandV !== '', !notFound];
        if (view.some((v) => v !== want)) disagreements.push(`${name}: want ${String(want)} got which=${String(which)} type=${String(type)} command-v=${commandV} run=${JSON.stringify(ran.slice(0, 60))}`);
        const offered = completions.has(name);
        if (offered !== want && !['[', 'test', 'echo', 'false', 'true', 'kill', 'printf', 'pwd'].includes(name)) disagreements.push(`${name}: completion offers it: ${String(offered)}`);
        if (want && commandV.startsWith('/') && s.run(`ls ${commandV}`).trim() !== commandV) disagreements.push(`${name}: ${commandV} missing from ls`);
      }
      expect(disagreements).toEqual([]);
      expect(installed).toBeGreaterThan(80);
      expect(installed).toBeLessThan(PROGRAMS.length);
    });
  }

  it('gives an embedded BusyBox device a smaller set than Alpine', () => {
    const s = testSession({ user: 'root', persona: { ...persona('alpine'), embedded: true } });
    const names = new Set(complete(s, ''));
    for (const name of PROGRAMS) expect(names.has(name), name).toBe(isInstalled('alpine', name, true));
    expect(s.run('which busybox-less-curl curl sudo apk wget ping vi; echo $?')).toBe('/usr/bin/wget\n/bin/ping\n/bin/vi\n1\n');
    expect(s.run('sudo id')).toMatch(/sudo: not found\n$/);
  });

  it('completes command names from the same inventory', () => {
    const deb = testSession({ user: 'root', persona: persona('debian') });
    expect(complete(deb, 'system')).toEqual(['systemctl']);
    expect(complete(deb, 'sha')).toEqual(['sha1sum', 'sha256sum', 'sha512sum']);
    expect(complete(testSession({ user: 'root', persona: persona('alpine') }), 'system')).toEqual([]);
    deb.run('rm /usr/bin/systemctl');
    expect(complete(deb, 'system')).toEqual([]);
  });

  it('installs each family its own package manager and init tools', () => {
    const deb = testSession({ user: 'root', persona: persona('debian') });
    expect(deb.run('which apt-get dpkg systemctl journalctl perl python3')).toBe('/usr/bin/apt-get\n/usr/bin/dpkg\n/usr/bin/systemctl\n/usr/bin/journalctl\n/usr/bin/perl\n/usr/bin/python3\n');
    expect(deb.run('dnf; apk')).toBe('-bash: dnf: command not found\n-bash: apk: command not found\n');
    const rhel = testSession({ user: 'root', persona: persona('rhel') });
    expect(rhel.run('dnf install -y nmap')).toMatch(/^Errors during downloading metadata for repository 'baseos':\n {2}- Curl error \(6\): Couldn't resolve host name for https:\/\/mirrors\.rockylinux\.org\/.*\[Could not resolve host: mirrors\.rockylinux\.org\]\nError: Failed to download metadata for repo 'baseos'/);
    expect(rhel.run('rpm -qa | grep -c el9')).toBe('14\n');
    expect(rhel.run('systemctl is-active sshd')).toBe('active\n');
    expect(rhel.run('apt-get update')).toBe('-bash: apt-get: command not found\n');
    const alp = testSession({ user: 'root', persona: persona('alpine') });
    expect(alp.run('which apk ping')).toBe('/sbin/apk\n/bin/ping\n');
    expect(alp.run('systemctl status')).toMatch(/systemctl: not found\n$/);
    expect(alp.run('apk update; echo $?')).toMatch(/DNS lookup error\n2 unavailable, 0 stale; 17 distinct packages available\n2\n$/);
  });
});
