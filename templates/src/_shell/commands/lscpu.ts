// lscpu(1) in util-linux 2.37's grouped layout, from the same CPU facts as /proc/cpuinfo.

import type { CommandSpec } from './types';
import { out } from './types';
import { cpuFacts } from '../sys/cpu';

function cpuList(n: number): string {
  if (n === 1) return '0';
  if (n === 2) return '0,1';
  return `0-${n - 1}`;
}

function kib(total: number): string {
  return total >= 1024 ? `${Math.round(total / 1024)} MiB` : `${total} KiB`;
}

export const lscpu: CommandSpec = {
  name: 'lscpu',
  path: '/usr/bin/lscpu',
  run(ctx) {
    const p = ctx.state.persona;
    const f = cpuFacts(p);
    const row = (label: string, value: string, indent = 0): string => `${' '.repeat(indent)}${`${label}:`.padEnd(25 - indent)}${value}`;
    const lines = [
      row('Architecture', p.arch),
      row('CPU op-mode(s)', f.arm ? '32-bit, 64-bit' : '32-bit, 64-bit', 2),
      row('Address sizes', f.addressSizes, 2),
      row('Byte Order', 'Little Endian', 2),
      row('CPU(s)', String(f.count)),
      row('On-line CPU(s) list', cpuList(f.count), 2),
      row('Vendor ID', f.vendorId),
      row('Model name', f.arm ? 'Neoverse-N1' : p.cpuModel, 2),
    ];
    if (!f.arm) {
      lines.push(row('CPU family', String(f.family), 4), row('Model', String(f.model), 4));
    }
    lines.push(
      row('Thread(s) per core', '1', 4),
      row('Core(s) per socket', '1', 4),
      row('Socket(s)', String(f.count), 4),
      row('Stepping', f.arm ? 'r3p1' : String(f.stepping), 4),
      row('BogoMIPS', f.bogomips.toFixed(2), 4),
      row('Flags', f.flags, 4),
    );
    if (!f.arm) {
      lines.push(row('Virtualization features', ''), row('Hypervisor vendor', 'KVM', 2), row('Virtualization type', 'full', 2));
      lines.push(
        row('Caches (sum of all)', ''),
        row('L1d', `${kib(32 * f.count)} (${f.count} instance${f.count > 1 ? 's' : ''})`, 2),
        row('L1i', `${kib(32 * f.count)} (${f.count} instance${f.count > 1 ? 's' : ''})`, 2),
        row('L2', `${kib(f.vendorId === 'AuthenticAMD' ? 512 * f.count : 4096 * f.count)} (${f.count} instance${f.count > 1 ? 's' : ''})`, 2),
        row('L3', `${kib(f.cacheKb * f.count)} (${f.count} instance${f.count > 1 ? 's' : ''})`, 2),
      );
    }
    lines.push(row('NUMA', ''), row('NUMA node(s)', '1', 2), row('NUMA node0 CPU(s)', cpuList(f.count), 2));
    return out(lines.join('\n') + '\n');
  },
};
