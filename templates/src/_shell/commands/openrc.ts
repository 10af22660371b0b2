// OpenRC on Alpine personas: `rc-status` (runlevels with each service's state, the status column at
// the terminal's right edge) and `rc-service NAME status|start|stop|restart`, over the services the
// process table runs, so `ps`, `netstat` and OpenRC agree; and BusyBox `logread`.

import type { CommandContext, CommandSpec } from './types';
import { err, out } from './types';
import { baseProcesses } from '../sys/processes';
import { machineId } from '../sys/identity';

const RC_NAMES: Readonly<Record<string, string>> = { syslogd: 'syslog', 'redis-server': 'redis', mysqld: 'mariadb', mariadbd: 'mariadb', dockerd: 'docker', 'php-fpm': 'php-fpm83' };

/** OpenRC service names of the daemons the persona runs (default runlevel). */
export function rcServices(ctx: CommandContext): string[] {
  const p = ctx.state.persona;
  const names: string[] = [];
  for (const proc of baseProcesses(p, machineId(p))) {
    if (proc.kernel || proc.ppid !== 1 || proc.command.includes('getty') || ctx.state.killed.has(proc.pid)) continue;
    const first = proc.command.startsWith('sshd:') ? 'sshd' : (proc.command.split(' ')[0] ?? '').split('/').pop() ?? '';
    const base = first.replace(/:$/, '');
    const name = RC_NAMES[base] ?? base;
    if (name !== '' && !names.includes(name)) names.push(name);
  }
  return names;
}

const BOOT = ['hwclock', 'modules', 'sysctl', 'hostname', 'bootmisc', 'networking', 'seedrng', 'swap'];
const NEEDED = ['sysfs', 'fsck', 'root', 'localmount', 'cgroups'];

export const rcStatus: CommandSpec = {
  name: 'rc-status',
  path: '/sbin/rc-status',
  run(ctx) {
    const width = Math.max(40, ctx.state.session.columns);
    const row = (name: string): string => ` ${name.padEnd(width - 14)}[  started  ]`;
    const arg = ctx.argv[1];
    const services = rcServices(ctx);
    const boot = BOOT.filter((s) => s !== 'syslog');
    if (arg === '--help' || (arg !== undefined && arg.startsWith('-') && !['-a', '--all', '-s', '--servicelist'].includes(arg))) {
      return err(`rc-status: unrecognized option '${arg.slice(0, 64)}'\nUsage: rc-status [options] -A <runlevel> [<runlevel>...]\n`, 1);
    }
    if (arg === 'boot') return out(`Runlevel: boot\n${boot.map(row).join('\n')}\n`);
    if (arg === '-s' || arg === '--servicelist') return out([...new Set([...BOOT, ...services, ...NEEDED])].sort().map(row).join('\n') + '\n');
    const lines = ['Runlevel: default', ...services.filter((s) => s !== 'syslog').map(row), 'Dynamic Runlevel: hotplugged', 'Dynamic Runlevel: needed/wanted', ...[...NEEDED, 'syslog'].map(row), 'Dynamic Runlevel: manual'];
    if (arg === '-a' || arg === '--all') lines.unshift('Runlevel: boot', ...boot.map(row), 'Runlevel: sysinit', ...['devfs', 'dmesg', 'mdev', 'hwdrivers'].map(row), 'Runlevel: shutdown', ...['killprocs', 'savecache', 'mount-ro'].map((s) => ` ${s.padEnd(width - 14)}[  stopped  ]`), 'Runlevel: nonetwork');
    return out(`${lines.join('\n')}\n`);
  },
};

export const rcService: CommandSpec = {
  name: 'rc-service',
  path: '/sbin/rc-service',
  run(ctx) {
    const [name, action] = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
    if (name === undefined) return err('Usage: rc-service [options] [-i] <service> <cmd>...\n   or: rc-service [options] -e <service>\n   or: rc-service [options] -l\n   or: rc-service [options] -r <service>\n', 1);
    const known = [...rcServices(ctx), ...BOOT, ...NEEDED];
    if (!known.includes(name)) return err(` * rc-service: service \`${name.slice(0, 128)}' does not exist\n`, 1);
    if (action === undefined || action === 'status') return out(' * status: started\n');
    if (ctx.user.uid !== 0) return err(` * ${name}: superuser access required\n`, 1);
    const step = (verb: string): string => ` * ${verb} ${name} ...`.padEnd(Math.max(40, ctx.state.session.columns) - 7) + ' [ ok ]\n';
    if (action === 'start') return out(` * WARNING: ${name} has already been started\n`);
    if (action === 'stop') return out(step('Stopping'));
    if (action === 'restart') return out(step('Stopping') + step('Starting'));
    return err(` * ${name}: unknown function \`${action.slice(0, 64)}'\n`, 1);
  },
};

/** BusyBox logread: embedded devices run `syslogd -C` (a ring buffer); Alpine's syslogd writes a file. */
export const logread: CommandSpec = {
  name: 'logread',
  path: '/sbin/logread',
  run(ctx) {
    if (ctx.state.persona.embedded !== true) return err("logread: can't find syslogd buffer: No such file or directory\n", 1);
    const log = ctx.state.fs.readFile('/var/log/messages', { uid: 0, gid: 0, groups: [0] });
    return out(log.ok ? log.value : '');
  },
};
