// Distribution identity files (/etc/os-release, lsb-release, issue, *-release, debian_version)
// derived from the persona's pretty name, with the exact layout each distribution ships.

import type { ShellPersona } from '../persona';

export interface OsInfo {
  /** os-release ID: ubuntu, debian, rocky, centos, almalinux, rhel, alpine, ... */
  id: string;
  name: string;
  versionId: string;
  codename: string;
  files: Record<string, string>;
}

const UBUNTU: Record<string, [string, string]> = {
  '18.04': ['bionic', 'Bionic Beaver'],
  '20.04': ['focal', 'Focal Fossa'],
  '22.04': ['jammy', 'Jammy Jellyfish'],
  '24.04': ['noble', 'Noble Numbat'],
};
const UBUNTU_DEBIAN_BASE: Record<string, string> = { '18.04': 'buster/sid', '20.04': 'bullseye/sid', '22.04': 'bookworm/sid', '24.04': 'trixie/sid' };
const DEBIAN: Record<string, [string, string]> = { '10': ['buster', '10.13'], '11': ['bullseye', '11.9'], '12': ['bookworm', '12.5'], '13': ['trixie', '13.1'] };

function firstVersion(pretty: string): string {
  const m = /(\d+(?:\.\d+)*)/.exec(pretty);
  return m?.[1] ?? '1';
}

function ubuntu(pretty: string): OsInfo {
  const full = firstVersion(pretty);
  const versionId = full.split('.').slice(0, 2).join('.');
  const [codename, nick] = UBUNTU[versionId] ?? ['jammy', 'Jammy Jellyfish'];
  const lts = pretty.includes('LTS') ? ' LTS' : '';
  const osRelease = [
    `PRETTY_NAME="${pretty}"`,
    'NAME="Ubuntu"',
    `VERSION_ID="${versionId}"`,
    `VERSION="${full}${lts} (${nick})"`,
    `VERSION_CODENAME=${codename}`,
    'ID=ubuntu',
    'ID_LIKE=debian',
    'HOME_URL="https://www.ubuntu.com/"',
    'SUPPORT_URL="https://help.ubuntu.com/"',
    'BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"',
    'PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"',
    `UBUNTU_CODENAME=${codename}`,
  ].join('\n') + '\n';
  return {
    id: 'ubuntu',
    name: 'Ubuntu',
    versionId,
    codename,
    files: {
      '/usr/lib/os-release': osRelease,
      '/etc/lsb-release': `DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=${versionId}\nDISTRIB_CODENAME=${codename}\nDISTRIB_DESCRIPTION="${pretty}"\n`,
      '/etc/issue': `${pretty} \\n \\l\n\n`,
      '/etc/issue.net': `${pretty}\n`,
      '/etc/debian_version': `${UBUNTU_DEBIAN_BASE[versionId] ?? 'bookworm/sid'}\n`,
    },
  };
}

function debian(pretty: string): OsInfo {
  const major = firstVersion(pretty).split('.')[0] ?? '12';
  const [codename, point] = DEBIAN[major] ?? ['bookworm', '12.5'];
  const osRelease = [
    `PRETTY_NAME="${pretty}"`,
    'NAME="Debian GNU/Linux"',
    `VERSION_ID="${major}"`,
    `VERSION="${major} (${codename})"`,
    `VERSION_CODENAME=${codename}`,
    'ID=debian',
    'HOME_URL="https://www.debian.org/"',
    'SUPPORT_URL="https://www.debian.org/support"',
    'BUG_REPORT_URL="https://bugs.debian.org/"',
  ].join('\n') + '\n';
  return {
    id: 'debian',
    name: 'Debian GNU/Linux',
    versionId: major,
    codename,
    files: {
      '/usr/lib/os-release': osRelease,
      '/etc/issue': `Debian GNU/Linux ${major} \\n \\l\n\n`,
      '/etc/issue.net': `Debian GNU/Linux ${major}\n`,
      '/etc/debian_version': `${point}\n`,
    },
  };
}

function rhel(pretty: string): OsInfo {
  const versionId = firstVersion(pretty);
  const major = versionId.split('.')[0] ?? '9';
  const name = pretty.slice(0, Math.max(0, pretty.search(/\d/))).trim() || 'Red Hat Enterprise Linux';
  const nick = /\(([^)]*)\)/.exec(pretty)?.[1] ?? '';
  const lower = name.toLowerCase();
  const id = lower.includes('rocky') ? 'rocky' : lower.includes('alma') ? 'almalinux' : lower.includes('centos') ? 'centos' : lower.includes('oracle') ? 'ol' : 'rhel';
  const like = id === 'rhel' ? 'fedora' : id === 'centos' && major === '7' ? 'rhel fedora' : 'rhel centos fedora';
  const version = nick ? `${versionId} (${nick})` : versionId;
  const osRelease = [
    `NAME="${name}"`,
    `VERSION="${version}"`,
    `ID="${id}"`,
    `ID_LIKE="${like}"`,
    `VERSION_ID="${versionId}"`,
    `PLATFORM_ID="platform:el${major}"`,
    `PRETTY_NAME="${pretty}"`,
    'ANSI_COLOR="0;32"',
    `CPE_NAME="cpe:/o:${id}:${id}:${major}::baseos"`,
    `HOME_URL="https://${id === 'rocky' ? 'rockylinux.org' : id === 'almalinux' ? 'almalinux.org' : 'www.redhat.com'}/"`,
  ].join('\n') + '\n';
  const release = `${name} release ${versionId}${nick ? ` (${nick})` : ''}\n`;
  const files: Record<string, string> = {
    '/usr/lib/os-release': osRelease,
    '/etc/redhat-release': release,
    '/etc/system-release': release,
    '/etc/issue': '\\S\nKernel \\r on an \\m\n\n',
    '/etc/issue.net': '\\S\nKernel \\r on an \\m\n',
  };
  if (id !== 'rhel') files[`/etc/${id}-release`] = release;
  return { id, name, versionId, codename: '', files };
}

function alpine(pretty: string): OsInfo {
  const short = firstVersion(pretty);
  const versionId = short.split('.').length < 3 ? `${short}.1` : short;
  const minor = versionId.split('.').slice(0, 2).join('.');
  const osRelease = [
    'NAME="Alpine Linux"',
    'ID=alpine',
    `VERSION_ID=${versionId}`,
    `PRETTY_NAME="Alpine Linux v${minor}"`,
    'HOME_URL="https://alpinelinux.org/"',
    'BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"',
  ].join('\n') + '\n';
  return {
    id: 'alpine',
    name: 'Alpine Linux',
    versionId,
    codename: '',
    files: {
      '/etc/os-release': osRelease,
      '/etc/alpine-release': `${versionId}\n`,
      '/etc/issue': `Welcome to Alpine Linux ${minor}\nKernel \\r on an \\m (\\l)\n\n`,
    },
  };
}

export function osInfo(persona: ShellPersona): OsInfo {
  const pretty = persona.osPrettyName;
  if (persona.family === 'alpine') return alpine(pretty);
  if (persona.family === 'rhel') return rhel(pretty);
  return pretty.toLowerCase().includes('ubuntu') ? ubuntu(pretty) : debian(pretty);
}
