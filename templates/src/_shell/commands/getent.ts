// getent(1) (glibc): passwd, group and hosts databases from the persona's accounts and /etc/hosts;
// exit 2 when a key is not found, as glibc's getent does.

import type { CommandSpec } from './types';
import { Output } from './types';
import { ROOT_CRED } from '../fs/vfs-types';

export const getent: CommandSpec = {
  name: 'getent',
  path: '/usr/bin/getent',
  run(ctx) {
    const o = new Output();
    const [db, ...keys] = ctx.argv.slice(1);
    const file = db === 'passwd' ? '/etc/passwd' : db === 'group' ? '/etc/group' : db === 'hosts' ? '/etc/hosts' : db === 'shadow' ? '/etc/shadow' : null;
    if (db === undefined || file === null) {
      o.err(db === undefined ? 'Usage: getent [OPTION...] database [key ...]\nTry `getent --help\' or `getent --usage\' for more information.\n' : `Unknown database: ${db}\nTry \`getent --help' or \`getent --usage' for more information.\n`);
      return o.done(1);
    }
    if (db === 'shadow' && ctx.user.uid !== 0) return o.done(0);
    const r = ctx.state.fs.readFile(file, ROOT_CRED);
    const lines = (r.ok ? r.value : '').split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    if (keys.length === 0) {
      o.out(lines.join('\n') + '\n');
      return o.done(0);
    }
    let code = 0;
    for (const k of keys) {
      const hit = db === 'hosts' ? lines.find((l) => l.split(/\s+/).includes(k)) : lines.find((l) => l.split(':')[0] === k || l.split(':')[2] === k);
      if (hit === undefined) code = 2;
      else o.out(`${db === 'hosts' ? (hit.split(/\s+/).slice(0, 1).join('') + ' '.repeat(Math.max(1, 16 - (hit.split(/\s+/)[0] ?? '').length)) + hit.split(/\s+/).slice(1).join(' ')) : hit}\n`);
    }
    return o.done(code);
  },
};
