// Hardware and network facts of a persona (NIC class, CPU, memory, address plan, boot time), chosen
// together so a VMware MAC comes with a vmxnet3 interface name and a Xeon, a Pi MAC with a Cortex-A72.
import type { ArchetypeSlug, OsFamily } from '@decnet/protocol';
import { isIPv4 } from '@decnet/protocol';
import type { NicClass } from './mac';
import type { Rng } from './rng';

export interface Hardware {
  nic: NicClass;
  arch: 'x86_64' | 'aarch64';
  cpuModel: string;
  cpuCount: number;
  memTotalKb: number;
}

const XEONS = [
  'Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz', 'Intel(R) Xeon(R) Silver 4214R CPU @ 2.40GHz',
  'Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz', 'Intel(R) Xeon(R) Gold 5318Y CPU @ 2.10GHz',
  'Intel(R) Xeon(R) CPU E5-2650 v4 @ 2.20GHz', 'Intel(R) Xeon(R) Silver 4310 CPU @ 2.10GHz',
  'AMD EPYC 7302P 16-Core Processor', 'AMD EPYC 7543 32-Core Processor',
];
const KVM_CPUS = ['QEMU Virtual CPU version 2.5+', 'Common KVM processor', 'Intel Xeon Processor (Cascadelake)', 'AMD EPYC-Rome Processor', 'Intel Xeon Processor (Skylake, IBRS)'];
const DESKTOP_CPUS = [
  'Intel(R) Core(TM) i7-10700 CPU @ 2.90GHz', 'Intel(R) Core(TM) i5-8500 CPU @ 3.00GHz', 'Intel(R) Core(TM) i5-10500 CPU @ 3.10GHz',
  '11th Gen Intel(R) Core(TM) i7-1165G7 @ 2.80GHz', '12th Gen Intel(R) Core(TM) i5-1245U', '13th Gen Intel(R) Core(TM) i7-13700',
];

function nicClass(os: OsFamily, archetype: ArchetypeSlug | undefined, rng: Rng): NicClass {
  if (archetype === 'printer') return rng.chance(0.6) ? 'hp-printer' : 'brother-printer';
  if (archetype === 'iot-device') return 'rpi';
  if (archetype === 'industrial-control') return 'siemens';
  if (os === 'cisco') return 'cisco';
  if (os === 'windows') return rng.chance(0.8) ? 'workstation' : rng.pick<NicClass>(['vmware', 'hyperv']);
  if (os === 'windows_server') return rng.weighted<NicClass>(['vmware', 'hyperv', 'server'], [5, 3, 2]);
  if (archetype === 'deaddeck') return rng.weighted<NicClass>(['qemu', 'xen', 'vmware'], [6, 1, 2]);
  return rng.weighted<NicClass>(['vmware', 'qemu', 'hyperv', 'server', 'xen'], [40, 30, 6, 20, 4]);
}

/** MemTotal is a little below the nominal size (kernel reservations). */
function memKb(gib: number, rng: Rng): number {
  return Math.round(gib * 1_048_576 * (0.955 + rng.next() * 0.03));
}

export function chooseHardware(os: OsFamily, archetype: ArchetypeSlug | undefined, rng: Rng): Hardware {
  const nic = nicClass(os, archetype, rng);
  if (nic === 'rpi') return { nic, arch: 'aarch64', cpuModel: 'Cortex-A72', cpuCount: 4, memTotalKb: memKb(rng.pick([2, 4, 8]), rng) };
  if (nic === 'hp-printer' || nic === 'brother-printer' || nic === 'siemens' || nic === 'cisco') {
    return { nic, arch: 'x86_64', cpuModel: 'Intel(R) Atom(TM) CPU E3845 @ 1.91GHz', cpuCount: rng.pick([2, 4]), memTotalKb: memKb(rng.pick([1, 2]), rng) };
  }
  if (nic === 'workstation') return { nic, arch: 'x86_64', cpuModel: rng.pick(DESKTOP_CPUS), cpuCount: rng.pick([4, 8, 12, 16]), memTotalKb: memKb(rng.pick([8, 16, 16, 32]), rng) };
  const big = archetype === 'database-server' || archetype === 'file-server' || archetype === 'devops-host' || os === 'windows_server';
  if (nic === 'server') return { nic, arch: 'x86_64', cpuModel: rng.pick(XEONS), cpuCount: rng.pick([16, 24, 32, 48]), memTotalKb: memKb(rng.pick([32, 64, 128]), rng) };
  const cpuModel = nic === 'qemu' && rng.chance(0.5) ? rng.pick(KVM_CPUS) : rng.pick(XEONS);
  return { nic, arch: 'x86_64', cpuModel, cpuCount: big ? rng.pick([4, 8, 8, 16]) : rng.pick([1, 2, 2, 4]), memTotalKb: memKb(big ? rng.pick([8, 16, 32]) : rng.pick([1, 2, 4, 4, 8]), rng) };
}

export interface AddressPlan {
  ip: string;
  netmask: string;
  gateway: string;
  dnsServers: string[];
}

/** The decky's address, or a seeded private one; /24 with the gateway on .1 (or .254 when the host is .1). */
export function addressPlan(ip: string | undefined, rng: Rng): AddressPlan {
  let addr = ip !== undefined && isIPv4(ip) ? ip : undefined;
  if (!addr) {
    const net = rng.weighted(['10', '192.168', '172'], [5, 4, 1]);
    const host = rng.int(10, 250);
    addr = net === '10' ? `10.${rng.int(0, 40)}.${rng.int(0, 255)}.${host}` : net === '172' ? `172.${rng.int(16, 31)}.${rng.int(0, 255)}.${host}` : `192.168.${rng.int(0, 60)}.${host}`;
  }
  const prefix = addr.split('.').slice(0, 3).join('.');
  const gateway = addr.endsWith('.1') ? `${prefix}.254` : `${prefix}.1`;
  const dnsServers = rng.chance(0.6) ? [gateway] : [`${prefix}.${rng.int(2, 9)}`, `${prefix}.${rng.int(10, 19)}`];
  return { ip: addr, netmask: '255.255.255.0', gateway, dnsServers };
}

const DAY_MS = 86_400_000;

/**
 * Boot instant: stable for ~45 days at a time per decky (a seeded phase spreads the "reboots"), never
 * before the release snapshot it runs, and 1 to 60 days before `nowMs`.
 */
export function bootedAt(nowMs: number, snapshotDate: string, rng: Rng): number {
  const periodMs = 45 * DAY_MS;
  const phaseMs = rng.int(0, 44) * DAY_MS + rng.int(0, 86_399) * 1000;
  const epochStart = Math.floor((nowMs - phaseMs) / periodMs) * periodMs + phaseMs;
  const boot = epochStart - rng.int(1, 15) * DAY_MS - rng.int(0, 86_399) * 1000;
  const floor = Date.parse(`${snapshotDate}T00:00:00Z`) + DAY_MS;
  return Math.min(Math.max(boot, floor), nowMs - 3_600_000);
}
