// Registry of emulated commands: one line per command file. The shell looks commands up here, and
// the base filesystem installs a fake binary for every entry that has a path (so `which` agrees).

import type { CommandSpec } from './types';
import type { BinarySpec } from '../fs/bin-files';
import { alias, unalias } from './alias';
import { awk } from './awk';
import { chpasswd } from './chpasswd';
import { passwd } from './passwd';
import { crontab } from './crontab';
import { curl } from './curl';
import { find } from './find';
import { ifconfig } from './ifconfig';
import { ip } from './ip';
import { kill, killall, pkill } from './kill';
import { nohup } from './nohup';
import { ps } from './ps';
import { bash, dash, sh } from './sh';
import { su } from './su';
import { sudo } from './sudo';
import { base64 } from './base64';
import { basenameCmd } from './basename';
import { cut } from './cut';
import { dirnameCmd } from './dirname';
import { groups } from './groups';
import { seq } from './seq';
import { sort } from './sort';
import { tr } from './tr';
import { bracket, test } from './test';
import { uniq } from './uniq';
import { top } from './top';
import { wget } from './wget';
import { cat } from './cat';
import { cd } from './cd';
import { chmod } from './chmod';
import { chown } from './chown';
import { clear } from './clear';
import { cp } from './cp';
import { date } from './date';
import { df } from './df';
import { echo } from './echo';
import { env } from './env';
import { exit, logout } from './exit';
import { exportCmd } from './export';
import { free } from './free';
import { egrep, fgrep, grep } from './grep';
import { head } from './head';
import { history } from './history';
import { hostname } from './hostname';
import { id } from './id';
import { ln } from './ln';
import { ls } from './ls';
import { lscpu } from './lscpu';
import { mkdir } from './mkdir';
import { mv } from './mv';
import { nproc } from './nproc';
import { printf } from './printf';
import { pwd } from './pwd';
import { rm } from './rm';
import { rmdir } from './rmdir';
import { sleep } from './sleep';
import { dot, source } from './source';
import { tail } from './tail';
import { touch } from './touch';
import { colon, falseCmd, trueCmd } from './true-false';
import { type } from './type';
import { uname } from './uname';
import { unset } from './unset';
import { uptime } from './uptime';
import { w } from './w';
import { wc } from './wc';
import { which } from './which';
import { who } from './who';
import { whoami } from './whoami';
import { arp, route } from './route';
import { command } from './command';
import { dmesg } from './dmesg';
import { file } from './file';
import { getent } from './getent';
import { journalctl } from './journalctl';
import { last } from './last';
import { less, more } from './pager';
import { md5sum, sha1sum, sha256sum, sha512sum } from './hashsum';
import { mount } from './mount';
import { netstat } from './netstat';
import { openssl } from './openssl';
import { perl, python3 } from './interp';
import { ping } from './ping';
import { apk, apt, aptGet, dnf, dpkg, rpm, yum } from './pkg';
import { service } from './service';
import { ss } from './ss';
import { stat } from './stat';
import { systemctl } from './systemctl';
import { tar } from './tar';
import { vi } from './vi';
import { xargs } from './xargs';
import { logread, rcService, rcStatus } from './openrc';

export const COMMANDS: readonly CommandSpec[] = [
  alias, unalias, bracket, test, awk, base64, basenameCmd, bash, cat, cd, chmod, chown, chpasswd, clear, colon, cp, crontab, curl,
  cut, dash, date, df, dirnameCmd, dot, echo, egrep, env, exit, exportCmd, falseCmd, fgrep, find, free, grep, groups,
  head, history, hostname, id, ifconfig, ip, kill, killall, ln, logout, ls, lscpu, mkdir, mv, nohup, nproc, passwd,
  pkill, printf, ps, pwd, rm, rmdir, seq, sh, sleep, sort, source, su, sudo, tail, top, touch, tr, trueCmd, type, uname,
  uniq, unset, uptime, w, wc, wget, which, who, whoami,
  // issue 18 breadth; which families install each one is decided in ../inventory.ts
  apk, apt, aptGet, arp, command, dmesg, dnf, dpkg, file, getent, journalctl, last, less, md5sum, more, mount, netstat, openssl, perl,
  ping, python3, route, rpm, service, sha1sum, sha256sum, sha512sum, ss, stat, systemctl, tar, vi, xargs, yum,
  // OpenRC and BusyBox logread (Alpine)
  logread, rcService, rcStatus,
];

export interface Registry {
  get(name: string): CommandSpec | undefined;
  isBuiltin(name: string): boolean;
  binaries(): BinarySpec[];
  names(): string[];
}

export function createRegistry(specs: readonly CommandSpec[] = COMMANDS): Registry {
  const byName = new Map<string, CommandSpec>();
  for (const s of specs) byName.set(s.name, s);
  return {
    get: (name) => byName.get(name),
    isBuiltin: (name) => byName.get(name)?.builtin === true,
    binaries: () => specs.filter((s) => s.path !== undefined).map((s) => ({ name: s.name, path: s.path ?? '' })),
    names: () => [...byName.keys()].sort(),
  };
}
