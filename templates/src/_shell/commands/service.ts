// service(8) (init-system-helpers): `service NAME VERB` hands over to systemctl as the real script does
// on systemd hosts; `--status-all` lists the units with [ + ].

import type { CommandSpec } from './types';
import { err, out } from './types';
import { units } from '../sys/services';

export const service: CommandSpec = {
  name: 'service',
  path: '/usr/sbin/service',
  run(ctx) {
    const [name, verb] = ctx.argv.slice(1);
    if (name === '--status-all') return out(units(ctx.state.persona).map((u) => ` [ + ]  ${u.name.replace(/\.service$/, '')}`).join('\n') + '\n');
    if (name === undefined || name.startsWith('-')) return err('Usage: service < option > | --status-all | [ service_name [ command | --full-restart ] ]\n');
    if (verb === undefined) return err(`${name}: unrecognized service\n`);
    return ctx.run(['systemctl', verb, ...(verb === 'status' ? ['--no-pager'] : []), `${name}.service`]);
  },
};
