// chpasswd(8) fed from stdin (`echo root:x | chpasswd`): root updates /etc/shadow in the overlay
// with a believable hash; others fail like PAM does.

import type { CommandContext, CommandSpec } from './types';
import { result } from './types';
import { ROOT_CRED } from '../fs/vfs-types';
import { seededCrypt } from '../sys/rng';
import { splitLines } from './inputs';

export function setHash(ctx: CommandContext, user: string, password: string): boolean {
  const fs = ctx.state.fs;
  const shadow = fs.readFile('/etc/shadow', ROOT_CRED);
  if (!shadow.ok) return false;
  const day = Math.floor(ctx.now.getTime() / 86_400_000);
  const salt = seededCrypt(`${user}:${password}:salt`, ctx.state.persona.family === 'debian' ? 22 : 16);
  const hash = ctx.state.persona.family === 'debian' ? `$y$j9T$${salt}$${seededCrypt(`${user}:${password}`, 43)}` : `$6$${salt}$${seededCrypt(`${user}:${password}`, 86)}`;
  let found = false;
  const lines = shadow.value.split('\n').map((line) => {
    const parts = line.split(':');
    if (parts[0] !== user) return line;
    found = true;
    parts[1] = hash;
    parts[2] = String(day);
    return parts.join(':');
  });
  if (found) fs.writeFile('/etc/shadow', lines.join('\n'), ROOT_CRED);
  return found;
}

export const chpasswd: CommandSpec = {
  name: 'chpasswd',
  path: '/usr/sbin/chpasswd',
  run(ctx) {
    const lines = splitLines(ctx.stdin ?? '');
    let stderr = '';
    lines.slice(0, 100).forEach((line, i) => {
      const colon = line.indexOf(':');
      if (colon < 0) {
        stderr += `chpasswd: line ${i + 1}: missing new password\n`;
        return;
      }
      const user = line.slice(0, colon);
      if (ctx.user.uid !== 0) {
        stderr += `chpasswd: (user ${user}) pam_chauthtok() failed, error:\nAuthentication token manipulation error\nchpasswd: (line ${i + 1}, user ${user}) password not changed\n`;
        return;
      }
      if (!setHash(ctx, user, line.slice(colon + 1))) stderr += `chpasswd: (line ${i + 1}, user ${user}) password not changed\n`;
    });
    if (stderr !== '' && ctx.user.uid !== 0) stderr = stderr.replace(/^/, '');
    return result('', stderr, stderr ? 1 : 0);
  },
};
