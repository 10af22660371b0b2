// hostname(1): the persona's hostname (the same string as the prompt, uname -n, /etc/hostname and
// /proc/sys/kernel/hostname). -I/-i print addresses; changing the name needs root.

import type { CommandSpec } from './types';
import { err, out } from './types';

export const hostname: CommandSpec = {
  name: 'hostname',
  path: '/usr/bin/hostname',
  run(ctx) {
    const p = ctx.state.persona;
    const args = ctx.argv.slice(1);
    const flag = args.find((a) => a.startsWith('-'));
    const operand = args.find((a) => !a.startsWith('-'));
    if (flag === '-I' || flag === '--all-ip-addresses') return out(`${p.ip} \n`);
    if (flag === '-i' || flag === '--ip-address') return out(p.family === 'debian' ? '127.0.1.1\n' : `${p.ip}\n`);
    if (flag === '-d' || flag === '--domain') return out('\n');
    if (flag !== undefined && !['-f', '--fqdn', '--long', '-s', '--short', '-A', '--all-fqdns'].includes(flag)) {
      return err(`hostname: invalid option -- '${flag.replace(/^-+/, '').slice(0, 1)}'\nTry 'hostname --help' or 'hostname --usage' for more information.\n`);
    }
    if (operand !== undefined) {
      if (ctx.user.uid !== 0) return err('hostname: you must be root to change the host name\n');
      return out('');
    }
    if (flag === '-A' || flag === '--all-fqdns') return out(`${p.hostname} \n`);
    return out(`${p.hostname}\n`);
  },
};
