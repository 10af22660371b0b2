// uname(1): kernel and machine identity, straight from the persona so it matches /proc/version,
// the motd and `hostname` (detectability D5). GNU flag set and ordering; Debian prints "unknown"
// for -p/-i (omitted from -a) while Ubuntu and RHEL patch them to the machine name.

import type { CommandSpec } from './types';
import { err, out } from './types';
import { getopt } from './getopt';
import { gnuVersion } from './gnu-version';

const ORDER = ['s', 'n', 'r', 'v', 'm', 'p', 'i', 'o'] as const;

export const uname: CommandSpec = {
  name: 'uname',
  path: '/usr/bin/uname',
  run(ctx) {
    const p = ctx.state.persona;
    const parsed = getopt('uname', ctx.argv.slice(1), {
      flags: 'asnrvmpio',
      long: { all: 'a', 'kernel-name': 's', nodename: 'n', 'kernel-release': 'r', 'kernel-version': 'v', machine: 'm', processor: 'p', 'hardware-platform': 'i', 'operating-system': 'o', help: 'help', version: 'version' },
    });
    if (!parsed.ok) return err(parsed.error);
    const { flags, operands } = parsed.opts;
    if (flags.has('version')) return out(gnuVersion(p, 'uname', 'David MacKenzie'));
    if (operands.length > 0) return err(`uname: extra operand '${operands[0]}'\nTry 'uname --help' for more information.\n`);
    const patched = p.family === 'rhel' || p.osPrettyName.toLowerCase().includes('ubuntu');
    const values: Record<(typeof ORDER)[number], string> = {
      s: 'Linux',
      n: p.hostname,
      r: p.kernelRelease,
      v: p.kernelVersion,
      m: p.arch,
      p: patched ? p.arch : 'unknown',
      i: patched ? p.arch : 'unknown',
      o: p.family === 'alpine' ? 'Linux' : 'GNU/Linux',
    };
    const all = flags.has('a');
    const wanted = ORDER.filter((f) => flags.has(f) || (all && !((f === 'p' || f === 'i') && values[f] === 'unknown')));
    const fields = wanted.length === 0 ? ['s' as const] : wanted;
    return out(fields.map((f) => values[f]).join(' ') + '\n');
  },
};
