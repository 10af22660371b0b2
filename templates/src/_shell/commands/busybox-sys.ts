// BusyBox mount, df, free and top (Alpine, embedded) in busybox 1.36's shapes: mount from the
// Alpine/OpenRC or embedded (/dev/root) mount table, df's 20-column device field, free's
// "Mem:" rows, top's Mem/CPU/Load average header; figures from the same models as the GNU tools.

import type { CommandContext, CommandResult } from './types';
import { err, out } from './types';
import { bbGetopt } from './busybox';
import { busyboxMountTable } from '../sys/disk';
import { memStats } from '../sys/memory';
import { loadAverage } from '../sys/uptime';
import { liveProcesses } from '../sys/process-view';
import { hash32 } from '../sys/rng';

/** make_human_readable_str: one decimal with K/M/G/T, "0" for zero. */
function human(kb: number): string {
  if (kb === 0) return '0';
  let v = kb;
  const units = ['K', 'M', 'G', 'T', 'P'];
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)}${units[i]}`;
}

export function busyboxMount(ctx: CommandContext): CommandResult {
  const parsed = bbGetopt(ctx, 'mount', 'rwanfvsi', 'otOT');
  if (!parsed.ok) return parsed.result;
  const { flags, values, operands } = parsed.opts;
  if (operands.length === 0 && !flags.has('a')) {
    const type = values.get('t')?.[0];
    const rows = busyboxMountTable(ctx.state.persona, ctx.now.getTime()).filter((m) => type === undefined || type.split(',').includes(m.fsType));
    return out(rows.map((m) => `${m.device} on ${m.mountPoint} type ${m.fsType} (${m.options})\n`).join(''));
  }
  if (ctx.user.uid !== 0) return err('mount: permission denied (are you root?)\n', 1);
  if (flags.has('a')) return out('');
  const target = operands.at(-1) ?? '';
  const device = operands.length > 1 ? operands[0] ?? '' : target;
  if (operands.length === 1) return err(`mount: can't find ${target.slice(0, 256)} in /etc/fstab\n`, 1);
  return err(`mount: mounting ${device.slice(0, 256)} on ${target.slice(0, 256)} failed: No such file or directory\n`, 1);
}

export function busyboxDf(ctx: CommandContext): CommandResult {
  const parsed = bbGetopt(ctx, 'df', 'PkmhTai', 'Bt');
  if (!parsed.ok) return parsed.result;
  const f = parsed.opts.flags;
  const type = parsed.opts.values.get('t')?.[0];
  const rows = busyboxMountTable(ctx.state.persona, ctx.now.getTime()).filter((m) => !m.pseudo && (type === undefined || m.fsType === type));
  const unit = f.has('h') ? 'Size' : f.has('m') ? '1M-blocks' : '1K-blocks';
  const size = (kb: number): string => (f.has('h') ? human(kb) : f.has('m') ? String(Math.floor(kb / 1024)) : String(kb));
  const lines = [`${'Filesystem'.padEnd(20)}${f.has('T') ? ` ${'Type'.padEnd(10)}` : ''} ${unit.padStart(9)} ${'Used'.padStart(9)} ${'Available'.padStart(9)} Use% Mounted on`];
  for (const m of rows) {
    const reserved = m.fsType === 'ext4' ? Math.floor(m.sizeKb * 0.05) : 0;
    const avail = Math.max(0, m.sizeKb - m.usedKb - reserved);
    const pct = m.usedKb + avail === 0 ? 0 : Math.round((m.usedKb * 100) / (m.usedKb + avail));
    const dev = m.device.length > 20 ? `${m.device}\n${''.padEnd(20)}` : m.device.padEnd(20);
    lines.push(`${dev}${f.has('T') ? ` ${m.fsType.padEnd(10)}` : ''} ${size(m.sizeKb).padStart(9)} ${size(m.usedKb).padStart(9)} ${size(avail).padStart(9)} ${String(pct).padStart(3)}% ${m.mountPoint}`);
  }
  return out(`${lines.join('\n')}\n`);
}

export function busyboxFree(ctx: CommandContext): CommandResult {
  const parsed = bbGetopt(ctx, 'free', 'bkmgh');
  if (!parsed.ok) return parsed.result;
  const f = parsed.opts.flags;
  const m = memStats(ctx.state.persona, ctx.now.getTime());
  const fmt = (kb: number): string => (f.has('h') ? human(kb) : f.has('b') ? String(kb * 1024) : f.has('g') ? String(Math.floor(kb / 1048576)) : f.has('m') ? String(Math.floor(kb / 1024)) : String(kb));
  const row = (label: string, values: number[]): string => label.padEnd(7) + values.map((v) => ` ${fmt(v).padStart(11)}`).join('');
  const used = Math.max(0, m.usedKb);
  return out(
    [
      `${''.padEnd(7)}${['total', 'used', 'free', 'shared', 'buff/cache', 'available'].map((h) => ` ${h.padStart(11)}`).join('')}`,
      row('Mem:', [m.totalKb, used, m.freeKb, m.sharedKb, m.buffersKb + m.cachedKb + m.sReclaimableKb, m.availableKb]),
      row('Swap:', [m.swapTotalKb, m.swapTotalKb - m.swapFreeKb, m.swapFreeKb]),
    ].join('\n') + '\n',
  );
}

/** One batch frame (`top -b -n 1`); the emulator cannot hold the terminal for a live view. */
export function busyboxTop(ctx: CommandContext): CommandResult {
  const parsed = bbGetopt(ctx, 'top', 'bHms', 'ndo');
  if (!parsed.ok) return parsed.result;
  const now = ctx.now.getTime();
  const p = ctx.state.persona;
  const m = memStats(p, now);
  const procs = liveProcesses(ctx.state, now, ctx.pipeline, ctx.pid).sort((a, b) => a.pid - b.pid);
  const [l1, l5, l15] = loadAverage(p, now);
  const busy = hash32(`${p.seed}:${Math.floor(now / 3000)}`) % 3;
  const vsz = (kb: number): string => (kb < 100_000 ? String(kb) : `${Math.round(kb / 1024)}m`);
  const lines = [
    `Mem: ${m.totalKb - m.freeKb}K used, ${m.freeKb}K free, ${m.sharedKb}K shrd, ${m.buffersKb}K buff, ${m.cachedKb}K cached`,
    `CPU:${String(busy).padStart(4)}% usr${'0'.padStart(4)}% sys${'0'.padStart(4)}% nic${String(100 - busy).padStart(4)}% idle${'0'.padStart(4)}% io${'0'.padStart(4)}% irq${'0'.padStart(4)}% sirq`,
    `Load average: ${l1.toFixed(2)} ${l5.toFixed(2)} ${l15.toFixed(2)} 1/${procs.length + 40} ${ctx.pid}`,
    '  PID  PPID USER     STAT   VSZ %VSZ %CPU COMMAND',
  ];
  for (const x of procs) {
    const pct = Math.floor((x.vszKb * 100) / m.totalKb);
    lines.push(`${String(x.pid).padStart(5)}${String(x.ppid).padStart(6)} ${x.user.slice(0, 8).padEnd(8)} ${(x.stat[0] ?? 'S').padEnd(4)}${vsz(x.vszKb).padStart(6)}${String(pct).padStart(4)}%${'0'.padStart(4)}% ${x.command}`);
  }
  const width = ctx.state.session.columns;
  return out(`${(ctx.tty ? lines.map((l) => l.slice(0, width)) : lines).join('\n')}\n`);
}
