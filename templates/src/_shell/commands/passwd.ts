// passwd(1) fed from stdin (`echo -e "x\nx" | passwd`): root sets the hash in /etc/shadow; users get
// PAM's refusal, since the emulator cannot hold an interactive password dialogue.

import type { CommandSpec } from './types';
import { err, out, result } from './types';
import { splitLines } from './inputs';
import { setHash } from './chpasswd';

export const passwd: CommandSpec = {
  name: 'passwd',
  path: '/usr/bin/passwd',
  run(ctx) {
    const target = ctx.argv.slice(1).find((a) => !a.startsWith('-')) ?? ctx.user.name;
    if (ctx.argv.includes('-S')) return out(`${target} P ${new Date(ctx.now).toISOString().slice(0, 10)} 0 99999 7 -1\n`);
    if (target !== ctx.user.name && ctx.user.uid !== 0) return err(`passwd: You may not view or modify password information for ${target}.\n`);
    if (!ctx.state.accounts.byName(target)) return err(`passwd: user '${target}' does not exist\n`);
    const lines = splitLines(ctx.stdin ?? '');
    const prompts = ctx.user.uid === 0 ? 'New password: Retype new password: ' : `Changing password for ${target}.\nCurrent password: `;
    if (ctx.user.uid !== 0) return err(`${prompts}passwd: Authentication token manipulation error\npasswd: password unchanged\n`, 10);
    const [a, b] = lines;
    if (a === undefined || b === undefined || a === '') return err(`${prompts}No password has been supplied.\npasswd: Authentication token manipulation error\npasswd: password unchanged\n`, 10);
    if (a !== b) return err(`${prompts}Sorry, passwords do not match.\npasswd: Authentication token manipulation error\npasswd: password unchanged\n`, 10);
    setHash(ctx, target, a);
    return result('', `${prompts}passwd: password updated successfully\n`, 0);
  },
};
