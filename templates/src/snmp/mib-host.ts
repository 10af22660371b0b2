// HOST-RESOURCES-MIB (RFC 2790) of the persona: hrSystem, hrStorage and hrSWRun/hrSWRunPerf. Linux
// personas show the shell's own memory, mounts and process table (so `ps` over SSH and a walk of
// hrSWRun agree, D5); Windows personas a seeded set of the processes a Windows host runs.
import type { Persona } from '../persona/types';
import { mounts } from '../_shell/sys/disk';
import { machineId } from '../_shell/sys/identity';
import { memStats } from '../_shell/sys/memory';
import { cpuSeconds } from '../_shell/sys/process-view';
import { baseProcesses } from '../_shell/sys/processes';
import { rngFor } from '../persona/rng';
import { encOctets, encOid } from './ber';
import { fixed, gauge, int, oidValue, str, ticks, type MibEntry, type ValueAt } from './mib-values';
import type { SnmpPersona } from './persona';

const HR = '1.3.6.1.2.1.25';
const ST = { other: `${HR}.2.1.1`, ram: `${HR}.2.1.2`, virtual: `${HR}.2.1.3`, fixedDisk: `${HR}.2.1.4`, compactDisc: `${HR}.2.1.7` };

interface Storage {
  index: number;
  type: string;
  descr: string;
  unit: number;
  sizeUsed: (nowMs: number) => [size: number, used: number];
}

interface Proc {
  pid: number;
  name: string;
  path: string;
  params: string;
  type: number;
  status: number;
  cpuCs: (nowMs: number) => number;
  memKb: number;
}

/** RFC 2790 DateAndTime (RFC 2579): 11 octets, UTC. */
function dateAndTime(t: number): Uint8Array {
  const d = new Date(t);
  const y = d.getUTCFullYear();
  return encOctets(Uint8Array.of(y >> 8, y & 0xff, d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), Math.floor(d.getUTCMilliseconds() / 100), 0x2b, 0, 0));
}

function linuxStorage(persona: Persona): Storage[] {
  const sh = persona.shell;
  const mem = (t: number): ReturnType<typeof memStats> => memStats(sh, t);
  // net-snmp's fixed indexes (hr_storage.c): 1 physical, 3 virtual, 6 buffers, 7 cached, 8 shared, 10 swap, 31+ mounts.
  const out: Storage[] = [
    { index: 1, type: ST.ram, descr: 'Physical memory', unit: 1024, sizeUsed: (t) => [mem(t).totalKb, mem(t).totalKb - mem(t).freeKb] },
    { index: 3, type: ST.virtual, descr: 'Virtual memory', unit: 1024, sizeUsed: (t) => [mem(t).totalKb + mem(t).swapTotalKb, mem(t).totalKb - mem(t).freeKb + mem(t).swapTotalKb - mem(t).swapFreeKb] },
    { index: 6, type: ST.other, descr: 'Memory buffers', unit: 1024, sizeUsed: (t) => [mem(t).totalKb, mem(t).buffersKb] },
    { index: 7, type: ST.other, descr: 'Cached memory', unit: 1024, sizeUsed: (t) => [mem(t).cachedKb, mem(t).cachedKb] },
    { index: 8, type: ST.other, descr: 'Shared memory', unit: 1024, sizeUsed: (t) => [mem(t).sharedKb, mem(t).sharedKb] },
    { index: 10, type: ST.virtual, descr: 'Swap space', unit: 1024, sizeUsed: (t) => [mem(t).swapTotalKb, mem(t).swapTotalKb - mem(t).swapFreeKb] },
  ];
  const shape = mounts(sh, sh.bootedAtMs, 0);
  shape.forEach((m, i) => {
    out.push({ index: 31 + i, type: ST.fixedDisk, descr: m.mountPoint, unit: 4096, sizeUsed: (t) => {
      const now = mounts(sh, t, 0)[i] ?? m;
      return [Math.floor(now.sizeKb / 4), Math.floor(now.usedKb / 4)];
    } });
  });
  return out;
}

function linuxProcs(persona: Persona): Proc[] {
  const sh = persona.shell;
  return baseProcesses(sh, machineId(sh)).map((p) => {
    const [argv0 = '', ...args] = p.command.split(' ');
    const base = argv0.split('/').pop() ?? argv0;
    // hrSWRunName is the kernel's comm (15 chars): systemd for /sbin/init on systemd distros.
    const comm = p.pid === 1 && sh.family !== 'alpine' ? 'systemd' : base.endsWith(':') ? base.slice(0, -1) : base;
    const name = p.kernel ? p.command.slice(1, -1) : comm.slice(0, 15);
    // hrSWRunStatus: running(1) for R, runnable(2) for sleeping, notRunnable(3) for D.
    const status = p.stat.startsWith('R') ? 1 : p.stat.startsWith('D') ? 3 : 2;
    return { pid: p.pid, name, path: p.kernel ? '' : argv0, params: p.kernel ? '' : args.join(' '), type: p.kernel ? 2 : 4, status, cpuCs: (t) => cpuSeconds(p, t) * 100, memKb: p.rssKb };
  });
}

const WIN_PROCS: ReadonlyArray<[name: string, params: string]> = [
  ['System Idle Process', ''], ['System', ''], ['Registry', ''], ['smss.exe', ''], ['csrss.exe', ''], ['wininit.exe', ''], ['csrss.exe', ''],
  ['services.exe', ''], ['lsass.exe', ''], ['winlogon.exe', ''], ['svchost.exe', '-k DcomLaunch -p'], ['fontdrvhost.exe', ''],
  ['svchost.exe', '-k RPCSS -p'], ['dwm.exe', ''], ['svchost.exe', '-k LocalServiceNetworkRestricted -p'], ['svchost.exe', '-k netsvcs -p'],
  ['svchost.exe', '-k LocalService -p'], ['svchost.exe', '-k NetworkService -p'], ['Memory Compression', ''], ['spoolsv.exe', ''],
  ['svchost.exe', '-k appmodel -p'], ['svchost.exe', '-k utcsvc -p'], ['MsMpEng.exe', ''], ['snmp.exe', ''], ['vmtoolsd.exe', ''],
  ['WmiPrvSE.exe', ''], ['svchost.exe', '-k LocalSystemNetworkRestricted -p'], ['msdtc.exe', ''], ['LogonUI.exe', ''], ['explorer.exe', ''],
];

function windowsProcs(persona: Persona, dc: boolean): Proc[] {
  const rng = rngFor(persona.seed, 'snmp:hrswrun');
  const list = dc ? [...WIN_PROCS, ['dfsrs.exe', ''], ['ismserv.exe', ''], ['dns.exe', ''], ['Microsoft.ActiveDirectory.WebServices.exe', '']] as const : WIN_PROCS;
  let pid = 0;
  return list.map(([name, params], i) => {
    pid = i === 0 ? 0 : i === 1 ? 4 : pid + rng.int(1, 90) * 4;
    const path = i < 3 || name === 'Memory Compression' ? '' : name === 'MsMpEng.exe' ? '"C:\\ProgramData\\Microsoft\\Windows Defender\\platform\\4.18.24030.9-0\\"' : name === 'vmtoolsd.exe' ? '"C:\\Program Files\\VMware\\VMware Tools\\"' : name === 'explorer.exe' ? 'C:\\Windows\\' : 'C:\\Windows\\system32\\';
    const share = rng.next() * 0.002;
    const boot = persona.shell.bootedAtMs;
    return { pid: i === 0 ? 1 : pid, name, path, params, type: i < 3 ? 2 : 4, status: 1, cpuCs: (t) => Math.floor(((t - boot) / 10) * share), memKb: i === 0 ? 8 : 1500 + rng.int(0, 90_000) };
  });
}

function windowsStorage(persona: Persona): Storage[] {
  const rng = rngFor(persona.seed, 'snmp:hrstorage');
  const serial = rng.hex(8);
  const diskClusters = rng.pick([15_570_943, 26_095_103, 33_417_215, 65_535_487]);
  const used = Math.floor(diskClusters * (0.25 + rng.next() * 0.4));
  const memKb = persona.shell.memTotalKb;
  return [
    { index: 1, type: ST.fixedDisk, descr: `C:\\ Label:  Serial Number ${serial}`, unit: 4096, sizeUsed: (t) => [diskClusters, used + Math.floor((t - persona.shell.bootedAtMs) / 86_400_000) * 40] },
    { index: 2, type: ST.compactDisc, descr: 'D:\\', unit: 0, sizeUsed: () => [0, 0] },
    { index: 3, type: ST.virtual, descr: 'Virtual Memory', unit: 65536, sizeUsed: () => [Math.floor((memKb * 1.25) / 64), Math.floor((memKb * 0.55) / 64)] },
    { index: 4, type: ST.ram, descr: 'Physical Memory', unit: 65536, sizeUsed: (t) => [Math.floor(memKb / 64), Math.floor((memKb * 0.42) / 64) + (Math.floor(t / 5000) % 300)] },
  ];
}

export function hostResources(persona: Persona, part: SnmpPersona): MibEntry[] {
  const e: MibEntry[] = [];
  const add = (oid: string, value: ValueAt): void => void e.push({ oid: oid.split('.').map(Number), value });
  const boot = persona.shell.bootedAtMs;
  const windows = part.agent === 'windows';
  const procs = windows ? windowsProcs(persona, persona.archetype === 'domain-controller') : linuxProcs(persona);
  const storage = windows ? windowsStorage(persona) : linuxStorage(persona);
  add(`${HR}.1.1.0`, ticks((t) => (t - boot) / 10));
  add(`${HR}.1.2.0`, (t) => dateAndTime(t));
  add(`${HR}.1.3.0`, int(windows ? 0 : 393216));
  add(`${HR}.1.4.0`, str(windows ? '' : `BOOT_IMAGE=/boot/vmlinuz-${persona.shell.kernelRelease} root=UUID=${rngFor(persona.seed, 'snmp:uuid').hex(8)}-${rngFor(persona.seed, 'snmp:uuid2').hex(4)}-4${rngFor(persona.seed, 'snmp:uuid3').hex(3)}-a${rngFor(persona.seed, 'snmp:uuid4').hex(3)}-${rngFor(persona.seed, 'snmp:uuid5').hex(12)} ro quiet\n`));
  add(`${HR}.1.5.0`, gauge(() => (windows ? 1 : 0)));
  add(`${HR}.1.6.0`, gauge(() => procs.length));
  add(`${HR}.1.7.0`, int(windows ? -1 : 0));
  add(`${HR}.2.2.0`, int(persona.shell.memTotalKb));
  for (const s of storage) {
    const c = (col: number, v: ValueAt): void => add(`${HR}.2.3.1.${col}.${s.index}`, v);
    c(1, int(s.index));
    c(2, oidValue(s.type));
    c(3, str(s.descr));
    c(4, int(s.unit));
    c(5, (t) => int(s.sizeUsed(t)[0])(t));
    c(6, (t) => int(s.sizeUsed(t)[1])(t));
  }
  add(`${HR}.4.1.0`, int(windows ? 1 : procs[0]?.pid ?? 1));
  for (const p of procs) {
    const c = (col: number, v: ValueAt): void => add(`${HR}.4.2.1.${col}.${p.pid}`, v);
    c(1, int(p.pid));
    c(2, str(p.name));
    c(3, fixed(encOid([0, 0])));
    c(4, str(p.path));
    c(5, str(p.params));
    c(6, int(p.type));
    c(7, int(p.status));
    add(`${HR}.5.1.1.1.${p.pid}`, (t) => int(p.cpuCs(t))(t));
    add(`${HR}.5.1.1.2.${p.pid}`, int(p.memKb));
  }
  return e;
}

