// Package managers of each family, offline: apt-get/apt and dnf/yum fail to resolve their mirrors
// the way they do without DNS, apk fetches fail; dpkg -l / rpm -qa / apk info list installed packages.

import type { CommandSpec, CommandContext } from './types';
import { Output, err, out } from './types';
import { packages } from '../sys/packages';
import { osInfo } from '../fs/os-release';

function notRoot(ctx: CommandContext, o: Output, tool: string): boolean {
  if (ctx.user.uid === 0) return false;
  o.err(`E: Could not open lock file /var/lib/${tool === 'apt' ? 'apt/lists' : 'dpkg'}/lock - open (13: Permission denied)\nE: Unable to lock directory /var/lib/apt/lists/\n`);
  return true;
}

function aptRun(tool: 'apt-get' | 'apt', ctx: CommandContext): ReturnType<CommandSpec['run']> {
  const o = new Output();
  const verb = ctx.argv.slice(1).find((a) => !a.startsWith('-')) ?? '';
  const p = ctx.state.persona;
  const ubuntu = p.osPrettyName.toLowerCase().includes('ubuntu');
  const code = osInfo(p).codename || (ubuntu ? 'jammy' : 'bookworm');
  const mirrors = ubuntu ? [`http://archive.ubuntu.com/ubuntu ${code}`, `http://archive.ubuntu.com/ubuntu ${code}-updates`, `http://security.ubuntu.com/ubuntu ${code}-security`] : [`http://deb.debian.org/debian ${code}`, `http://deb.debian.org/debian ${code}-updates`, `http://deb.debian.org/debian-security ${code}-security`];
  if (verb === '') {
    o.out(tool === 'apt' ? 'apt 2.6.1 (amd64)\nUsage: apt [options] command\n' : 'apt 2.6.1 (amd64)\nUsage: apt-get [options] command\n       apt-get [options] install|remove pkg1 [pkg2 ...]\n');
    return o.done(1);
  }
  if (verb === 'list' || verb === 'search' || verb === 'show' || verb === 'policy') {
    o.out(packages(p).map((x) => `${x.name}/${code},now ${x.version} ${x.arch} [installed]`).join('\n') + '\n');
    return o.done(0);
  }
  if (verb === 'update' || verb === 'install' || verb === 'upgrade' || verb === 'dist-upgrade' || verb === 'full-upgrade') {
    if (notRoot(ctx, o, 'apt')) return o.done(100);
    if (verb === 'update') {
      // apt retries each source three times before giving up, and exits 0 with warnings only.
      for (let r = 0; r < 3; r++) mirrors.forEach((m, i) => o.out(`Ign:${i + 1} ${m} InRelease\n`));
      mirrors.forEach((m, i) => o.out(`Err:${i + 1} ${m} InRelease\n  Temporary failure resolving '${m.split('/')[2] ?? ''}'\n`));
      o.out('Reading package lists... Done\n');
      for (const m of mirrors) o.err(`W: Failed to fetch ${m.replace(' ', '/dists/')}/InRelease  Temporary failure resolving '${m.split('/')[2] ?? ''}'\n`);
      o.err('W: Some index files failed to download. They have been ignored, or old ones used instead.\n');
      return o.done(0);
    }
    o.out('Reading package lists... Done\nBuilding dependency tree... Done\nReading state information... Done\n');
    const names = ctx.argv.slice(2).filter((a) => !a.startsWith('-'));
    const missing = names.find((n) => !packages(p).some((x) => x.name === n));
    if (verb === 'install' && missing !== undefined) {
      o.err(`E: Unable to locate package ${missing}\n`);
      return o.done(100);
    }
    o.out('0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n');
    return o.done(0);
  }
  o.err(`E: Invalid operation ${verb}\n`);
  return o.done(100);
}

export const aptGet: CommandSpec = { name: 'apt-get', path: '/usr/bin/apt-get', run: (ctx) => aptRun('apt-get', ctx) };
export const apt: CommandSpec = { name: 'apt', path: '/usr/bin/apt', run: (ctx) => aptRun('apt', ctx) };

export const dpkg: CommandSpec = {
  name: 'dpkg',
  path: '/usr/bin/dpkg',
  run(ctx) {
    const a = ctx.argv[1] ?? '';
    const list = packages(ctx.state.persona);
    if (a === '-l' || a === '--list') {
      const filter = ctx.argv.slice(2);
      const rows = list.filter((x) => filter.length === 0 || filter.some((f) => x.name === f || (f.endsWith('*') && x.name.startsWith(f.slice(0, -1)))));
      if (rows.length === 0) return err(`dpkg-query: no packages found matching ${filter.join(' ')}\n`);
      const head = 'Desired=Unknown/Install/Remove/Purge/Hold\n| Status=Not/Inst/Conf-files/Unpacked/halF-conf/Half-inst/trig-aWait/Trig-pend\n|/ Err?=(none)/Reinst-required (Status,Err: uppercase=bad)\n';
      const wn = Math.max(14, ...rows.map((x) => x.name.length));
      const wv = Math.max(14, ...rows.map((x) => x.version.length));
      const bar = `+++-${'='.repeat(wn)}-${'='.repeat(wv)}-============-${'='.repeat(40)}`;
      const text = rows.map((x) => `ii  ${x.name.padEnd(wn)} ${x.version.padEnd(wv)} ${x.arch.padEnd(12)} ${x.description}`).join('\n');
      return out(`${head}||/ ${'Name'.padEnd(wn)} ${'Version'.padEnd(wv)} ${'Architecture'} ${'Description'}\n${bar}\n${text}\n`);
    }
    if (a === '--version') return out('Debian \'dpkg\' package management program version 1.21.22 (amd64).\n');
    if (a === '-i' || a === '--install') return ctx.user.uid === 0 ? err(`dpkg: error: cannot access archive '${ctx.argv[2] ?? ''}': No such file or directory\n`, 2) : err('dpkg: error: requested operation requires superuser privilege\n', 2);
    return err('dpkg: error: need an action option\n\nType dpkg --help for help about installing and deinstalling packages [*];\n', 2);
  },
};

function dnfRun(ctx: CommandContext): ReturnType<CommandSpec['run']> {
  const verb = ctx.argv.slice(1).find((a) => !a.startsWith('-')) ?? '';
  if (verb === 'list' && ctx.argv.includes('installed')) return out(`Installed Packages\n${packages(ctx.state.persona).map((x) => `${`${x.name}.${x.arch}`.padEnd(40)}${x.version.padEnd(26)}@baseos`).join('\n')}\n`);
  if (ctx.user.uid !== 0 && verb !== '') return err('Error: This command has to be run with superuser privileges (under the root user on most systems).\n');
  const id = osInfo(ctx.state.persona).id;
  const host = id === 'rocky' ? 'mirrors.rockylinux.org' : id === 'almalinux' ? 'mirrors.almalinux.org' : 'mirrorlist.centos.org';
  const curl = `Curl error (6): Couldn't resolve host name for https://${host}/mirrorlist?arch=${ctx.state.persona.arch}&repo=BaseOS-9 [Could not resolve host: ${host}]`;
  return err(`Errors during downloading metadata for repository 'baseos':\n  - ${curl}\nError: Failed to download metadata for repo 'baseos': Cannot prepare internal mirrorlist: ${curl}\n`);
}

export const dnf: CommandSpec = { name: 'dnf', path: '/usr/bin/dnf', run: (ctx) => dnfRun(ctx) };
export const yum: CommandSpec = { name: 'yum', path: '/usr/bin/yum', run: (ctx) => dnfRun(ctx) };

export const rpm: CommandSpec = {
  name: 'rpm',
  path: '/usr/bin/rpm',
  run(ctx) {
    const list = packages(ctx.state.persona);
    if (ctx.argv.slice(1).some((a) => /^-q\w*a/.test(a))) return out(list.map((x) => `${x.name}-${x.version}.${x.arch}`).join('\n') + '\n');
    const q = ctx.argv.slice(2).filter((a) => !a.startsWith('-'));
    if (ctx.argv[1] === '-q' && q.length > 0) {
      const o = new Output();
      let code = 0;
      for (const n of q) {
        const x = list.find((y) => y.name === n);
        if (x) o.out(`${x.name}-${x.version}.${x.arch}\n`);
        else {
          o.out(`package ${n} is not installed\n`);
          code = 1;
        }
      }
      return o.done(code);
    }
    return err('rpm: no arguments given for query\n');
  },
};

export const apk: CommandSpec = {
  name: 'apk',
  path: '/sbin/apk',
  run(ctx) {
    const verb = ctx.argv[1] ?? '';
    const list = packages(ctx.state.persona);
    if (verb === 'info') return out(list.map((x) => x.name).join('\n') + '\n');
    if (verb === 'update' || verb === 'add' || verb === 'upgrade') {
      if (ctx.user.uid !== 0) return err('ERROR: Unable to lock database: Permission denied\nERROR: Failed to open apk database: Permission denied\n', 99);
      return err('fetch https://dl-cdn.alpinelinux.org/alpine/v3.19/main/x86_64/APKINDEX.tar.gz\nWARNING: fetching https://dl-cdn.alpinelinux.org/alpine/v3.19/main: DNS lookup error\nfetch https://dl-cdn.alpinelinux.org/alpine/v3.19/community/x86_64/APKINDEX.tar.gz\nWARNING: fetching https://dl-cdn.alpinelinux.org/alpine/v3.19/community: DNS lookup error\n2 unavailable, 0 stale; 17 distinct packages available\n', verb === 'update' ? 2 : 1);
    }
    return out('apk-tools 2.14.0, compiled for x86_64.\n\nusage: apk [<OPTIONS>...] COMMAND [<ARGUMENTS>...]\n');
  },
};
