// Installed packages of the persona's distribution (base + server install), with versions of the
// release it claims: `dpkg -l`, `rpm -qa`, `apk info`, and the interpreter/openssl versions agree.

import type { ShellPersona } from '../persona';

export interface Pkg {
  name: string;
  version: string;
  arch: string;
  description: string;
}

type Row = [name: string, version: string, description: string];

const DEBIAN12: Row[] = [
  ['adduser', '3.134', 'add and remove users and groups'], ['apt', '2.6.1', 'commandline package manager'],
  ['base-files', '12.4+deb12u5', 'Debian base system miscellaneous files'], ['bash', '5.2.15-2+b2', 'GNU Bourne Again SHell'],
  ['coreutils', '9.1-1', 'GNU core utilities'], ['cron', '3.0pl1-162', 'process scheduling daemon'],
  ['curl', '7.88.1-10+deb12u5', 'command line tool for transferring data with URL syntax'], ['dpkg', '1.21.22', 'Debian package management system'],
  ['file', '1:5.44-3', 'Recognize the type of data in a file using "magic" numbers'], ['grep', '3.8-5', 'GNU grep, egrep and fgrep'],
  ['iproute2', '6.1.0-3', 'networking and traffic control tools'], ['iputils-ping', '3:20221126-1', 'Tools to test the reachability of network hosts'],
  ['less', '590-2', 'pager program similar to more'], ['libc6', '2.36-9+deb12u4', 'GNU C Library: Shared libraries'],
  ['libssl3', '3.0.11-1~deb12u2', 'Secure Sockets Layer toolkit - shared libraries'], ['mawk', '1.3.4.20200120-3.1', 'Pattern scanning and text processing language'],
  ['net-tools', '2.10-0.1', 'NET-3 networking toolkit'], ['openssh-server', '1:9.2p1-2+deb12u2', 'secure shell (SSH) server, for secure access from remote machines'],
  ['openssl', '3.0.11-1~deb12u2', 'Secure Sockets Layer toolkit - cryptographic utility'], ['perl-base', '5.36.0-7+deb12u1', 'minimal Perl system'],
  ['procps', '2:4.0.2-3', '/proc file system utilities'], ['python3', '3.11.2-1+b1', 'interactive high-level object-oriented language (default python3 version)'],
  ['sudo', '1.9.13p3-1+deb12u1', 'Provide limited super user privileges to specific users'], ['systemd', '252.22-1~deb12u1', 'system and service manager'],
  ['tar', '1.34+dfsg-1.2+deb12u1', 'GNU version of the tar archiving utility'], ['util-linux', '2.38.1-5+b1', 'miscellaneous system utilities'],
  ['vim-tiny', '2:9.0.1378-2', 'Vi IMproved - enhanced vi editor - compact version'], ['wget', '1.21.3-1+b2', 'retrieves files from the web'],
];

const UBUNTU2204: Record<string, string> = {
  apt: '2.4.12', 'base-files': '12ubuntu4.6', bash: '5.1-6ubuntu1.1', coreutils: '8.32-4.1ubuntu1.2', curl: '7.81.0-1ubuntu1.16', dpkg: '1.21.1ubuntu2.3',
  libc6: '2.35-0ubuntu3.7', libssl3: '3.0.2-0ubuntu1.15', openssl: '3.0.2-0ubuntu1.15', 'perl-base': '5.34.0-3ubuntu1.3', python3: '3.10.6-1~22.04',
  systemd: '249.11-0ubuntu3.12', 'openssh-server': '1:8.9p1-3ubuntu0.7', sudo: '1.9.9-1ubuntu2.4', tar: '1.34+dfsg-1ubuntu0.1.22.04.2',
};

const RHEL9: Row[] = [
  ['bash', '5.1.8-9.el9', 'The GNU Bourne Again shell'], ['coreutils', '8.32-35.el9', 'A set of basic GNU tools'], ['curl', '7.76.1-29.el9_4', 'A utility for getting files from remote servers'],
  ['dnf', '4.14.0-9.el9', 'Package manager'], ['file', '5.39-16.el9', 'Utility for determining file types'], ['glibc', '2.34-100.el9_4.2', 'The GNU libc libraries'],
  ['openssh-server', '8.7p1-38.el9_4.1', 'An open source SSH server daemon'], ['openssl', '3.0.7-27.el9', 'Utilities from the general purpose cryptography library with TLS implementation'],
  ['perl-interpreter', '5.32.1-481.el9', 'Standalone executable Perl interpreter'], ['python3', '3.9.18-3.el9_4.3', 'Python 3.9 interpreter'],
  ['rpm', '4.16.1.3-29.el9', 'The RPM package management system'], ['sudo', '1.9.5p2-10.el9_3', 'Allows restricted root access for specified users'],
  ['systemd', '252-32.el9_4', 'System and Service Manager'], ['tar', '1.34-6.el9_4', 'GNU file archiving program'],
];

const ALPINE: Row[] = [
  ['alpine-base', '3.19.1-r0', 'Meta package for minimal alpine base'], ['apk-tools', '2.14.0-r5', 'Alpine Package Keeper - package manager for alpine'],
  ['busybox', '1.36.1-r15', 'Size optimized toolbox of many common UNIX utilities'], ['musl', '1.2.4_git20230717-r4', 'the musl c library (libc) implementation'],
  ['openssh-server', '9.6_p1-r0', 'port of OpenBSD\'s free SSH release (server)'], ['openrc', '0.52.1-r2', 'OpenRC manages the services, startup and shutdown of a host'],
];

export function packages(p: ShellPersona): Pkg[] {
  const arch = p.arch === 'aarch64' ? 'arm64' : 'amd64';
  if (p.family === 'rhel') return RHEL9.map(([name, version, description]) => ({ name, version, arch: p.arch, description }));
  if (p.family === 'alpine') return ALPINE.map(([name, version, description]) => ({ name, version, arch: p.arch, description }));
  const ubuntu = p.osPrettyName.toLowerCase().includes('ubuntu');
  return DEBIAN12.map(([name, version, description]) => ({ name, version: (ubuntu ? UBUNTU2204[name] : undefined) ?? version, arch: ['adduser', 'base-files'].includes(name) ? 'all' : arch, description }));
}

/** Upstream version of a package ("3.0.11" from "3.0.11-1~deb12u2", "5.36.0" from "5.36.0-7"). */
export function upstream(p: ShellPersona, name: string, fallback: string): string {
  const pkg = packages(p).find((x) => x.name === name);
  if (!pkg) return fallback;
  return pkg.version.replace(/^\d+:/, '').split(/[-~+]/)[0] ?? fallback;
}
