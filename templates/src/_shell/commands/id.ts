// id(1): user and group identity from the shared account database (same as /etc/passwd, /etc/group).
// RHEL appends the SELinux context like a targeted-policy system.

import type { CommandSpec } from './types';
import { err, out } from './types';
import { getopt } from './getopt';

export const id: CommandSpec = {
  name: 'id',
  path: '/usr/bin/id',
  run(ctx) {
    const parsed = getopt('id', ctx.argv.slice(1), { flags: 'ugGnrz', long: { user: 'u', group: 'g', groups: 'G', name: 'n', real: 'r', zero: 'z' } });
    if (!parsed.ok) return err(parsed.error);
    const { flags, operands } = parsed.opts;
    const accounts = ctx.state.accounts;
    if (operands.length > 1) return err(`id: extra operand '${operands[1]}'\nTry 'id --help' for more information.\n`);
    const who = operands[0] !== undefined ? (accounts.byName(operands[0]) ?? accounts.byUid(Number(operands[0]))) : ctx.user;
    if (!who) return err(`id: '${operands[0] ?? ''}': no such user\n`);
    const groups = accounts.groupsOf(who.name);
    const primary = accounts.groupByGid(who.gid);
    const fmt = (n: number, name: string | undefined): string => (flags.has('n') ? (name ?? String(n)) : String(n));
    if (flags.has('u')) return out(`${fmt(who.uid, who.name)}\n`);
    if (flags.has('g')) return out(`${fmt(who.gid, primary?.name)}\n`);
    if (flags.has('G')) return out(`${groups.map((g) => fmt(g.gid, g.name)).join(' ')}\n`);
    let line = `uid=${who.uid}(${who.name}) gid=${who.gid}(${primary?.name ?? who.gid}) groups=${groups.map((g) => `${g.gid}(${g.name})`).join(',')}`;
    if (ctx.state.persona.family === 'rhel' && operands.length === 0) line += ' context=unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023';
    return out(`${line}\n`);
  },
};
