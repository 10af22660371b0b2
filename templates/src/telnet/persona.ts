// The telnet persona part: the text before the login prompt (/etc/issue.net and the prompt) as the
// persona's OS prints it, and the telnetd process of its distro family.
import type { ShellProcessSeed } from '../_shell/persona';
import type { PersonaBasis } from '../service';

export interface TelnetPersona {
  /** Text before the login prompt, e.g. "Ubuntu 22.04.4 LTS\r\nweb-12 login: " */
  issue: string;
}

export function telnetPersona(b: PersonaBasis): TelnetPersona {
  const prompt = `${b.hostname} login: `;
  const { release, snap } = b;
  if (b.foreign === 'bsd') return { issue: `\r\nFreeBSD/amd64 (${b.hostname}) (pts/0)\r\n\r\nlogin: ` };
  if (b.foreign === 'cisco') return { issue: '\r\n\r\nUser Access Verification\r\n\r\nUsername: ' };
  if (b.foreign) return { issue: 'Welcome to Microsoft Telnet Service \r\n\r\nlogin: ' };
  if (release.family === 'rhel') return { issue: `${snap.prettyName.replace(/ \(.*\)$/, '')}\r\nKernel ${snap.kernelRelease} on an ${b.arch}\r\n${prompt}` };
  // BusyBox telnetd (embedded devices, Alpine). Without /etc/issue.net (Alpine ships only /etc/issue)
  // it prints just print_login_issue()'s "\r" + newline (the pty makes it "\r\r\n") before login's
  // prompt: nmap's "BusyBox telnetd" match line, not only a softmatch that costs every other probe.
  if (release.family === 'alpine' || b.osFamily === 'embedded') return { issue: `\r\r\n${prompt}` };
  if (release.slug === 'debian' || release.slug === 'arch') return { issue: `Debian GNU/Linux 12\r\n${prompt}` };
  return { issue: `${snap.prettyName}\r\n${prompt}` };
}

export function telnetProcesses(b: PersonaBasis): ShellProcessSeed[] {
  const family = b.release.family;
  return [{ user: 'root', command: family === 'alpine' ? '/usr/sbin/telnetd -F' : family === 'debian' ? '/usr/sbin/inetutils-inetd' : '/usr/sbin/xinetd -stayalive -pidfile /var/run/xinetd.pid' }];
}
