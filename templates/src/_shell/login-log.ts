// Writes this session's login into the decky's own auth log (auth.log / secure), the way sshd, PAM
// and systemd-logind do, so an attacker who reads the log sees their own login like on a real host.

import type { ShellState } from './state';
import { ROOT_CRED } from './fs/vfs-types';
import { strftime } from './sys/time-format';

export function recordLogin(state: ShellState): void {
  const { persona, session, loginUser: user } = state;
  const path = persona.family === 'rhel' ? '/var/log/secure' : persona.family === 'alpine' ? '/var/log/messages' : '/var/log/auth.log';
  const stamp = strftime('%b %e %H:%M:%S', state.clock());
  const host = persona.hostname;
  const { monitor } = state.sessionPids;
  const alpine = persona.family === 'alpine';
  // BusyBox syslogd writes "host facility.level"; Alpine's sshd has no PAM, busybox login logs root logins.
  const lines = alpine
    ? session.protocol === 'ssh'
      ? [`${stamp} ${host} auth.info sshd[${monitor}]: Accepted password for ${user.name} from ${session.remoteIp} port ${session.remotePort} ssh2`]
      : user.uid === 0
        ? [`${stamp} ${host} auth.info login[${monitor}]: root login on '${session.tty}'`]
        : []
    : session.protocol === 'ssh'
      ? [
          `${stamp} ${host} sshd[${monitor}]: Accepted password for ${user.name} from ${session.remoteIp} port ${session.remotePort} ssh2`,
          `${stamp} ${host} sshd[${monitor}]: pam_unix(sshd:session): session opened for user ${user.name}(uid=${user.uid}) by (uid=0)`,
        ]
      : [`${stamp} ${host} login[${monitor}]: pam_unix(login:session): session opened for user ${user.name}(uid=${user.uid}) by LOGIN(uid=0)`];
  if (persona.family !== 'alpine') lines.push(`${stamp} ${host} systemd-logind[${400 + (monitor % 300)}]: New session ${state.vars.get('XDG_SESSION_ID') ?? '1'} of user ${user.name}.`);
  if (lines.length === 0) return;
  const exists = state.fs.stat(path, ROOT_CRED);
  if (exists.ok) state.fs.writeFile(path, `${lines.join('\n')}\n`, ROOT_CRED, true);
}
