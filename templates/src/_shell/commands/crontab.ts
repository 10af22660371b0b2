// crontab(1): per-user crontab in the distribution's spool directory; -l, -r, -e (no editor is
// available, so it behaves as if the editor exited unchanged), install from a file or stdin.

import type { CommandSpec } from './types';
import { err, out } from './types';
import { resolvePath } from '../fs/path';
import { ROOT_CRED } from '../fs/vfs-types';

export const crontab: CommandSpec = {
  name: 'crontab',
  path: '/usr/bin/crontab',
  run(ctx) {
    const s = ctx.state;
    const args = ctx.argv.slice(1);
    let user = ctx.user.name;
    const ui = args.indexOf('-u');
    if (ui >= 0) {
      const u = args[ui + 1] ?? '';
      args.splice(ui, 2);
      if (ctx.user.uid !== 0) return err('must be privileged to use -u\n');
      if (!s.accounts.byName(u)) return err(`crontab: user '${u}' unknown\n`);
      user = u;
    }
    const dir = s.persona.family === 'debian' ? '/var/spool/cron/crontabs' : s.persona.family === 'alpine' ? '/etc/crontabs' : '/var/spool/cron';
    const file = `${dir}/${user}`;
    const existing = s.fs.readFile(file, ROOT_CRED);
    const flag = args[0];
    if (flag === '-l') return existing.ok ? out(existing.value) : err(`no crontab for ${user}\n`);
    if (flag === '-r') {
      if (!existing.ok) return err(`no crontab for ${user}\n`);
      s.fs.unlink(file, ROOT_CRED);
      return out('');
    }
    if (flag === '-e') return existing.ok ? out('', 0) : err(`no crontab for ${user} - using an empty one\nNo modification made\n`, 0);
    if (flag !== undefined && flag.startsWith('-') && flag !== '-') return err(`crontab: invalid option -- '${flag.slice(1, 2)}'\ncrontab: usage error: unrecognized option\n`);
    let content: string;
    if (flag === undefined || flag === '-') content = ctx.stdin ?? '';
    else {
      const r = s.fs.readFile(resolvePath(s.cwd, flag), ctx.cred);
      if (!r.ok) return err(`${flag}: No such file or directory\n`);
      content = r.value;
    }
    const acct = s.accounts.byName(user);
    const w = s.fs.writeFile(file, content, ROOT_CRED);
    if (!w.ok) return err(`crontab: ${file}: No space left on device\n`);
    if (acct) s.fs.chown(file, acct.uid, s.accounts.groups.find((g) => g.name === 'crontab')?.gid ?? acct.gid, ROOT_CRED);
    s.fs.chmod(file, 0o600, ROOT_CRED);
    return out('');
  },
};
