// Distribution flavour of the interactive shell: shell name and version, login environment, default
// aliases and the PS1 each family ships, so the session itself looks like the OS it claims to be (D5).

import type { ShellPersona } from './persona';
import type { Account } from './sys/accounts';

export interface SessionInfo {
  protocol: 'ssh' | 'telnet';
  remoteIp: string;
  remotePort: number;
  localPort: number;
  tty: string;
  term: string;
  /** Terminal width from the pty request (ps/ls/top layout); 80 when unknown. */
  columns: number;
  /**
   * A terminal was allocated (interactive login). False for SSH exec requests: output is then not a
   * tty (ls one name per line, ps untruncated) and nothing can prompt for a password.
   */
  pty: boolean;
}

export function shellName(persona: ShellPersona): 'bash' | 'ash' {
  return persona.family === 'alpine' ? 'ash' : 'bash';
}

/** History file name of the login shell (busybox ash keeps its own). */
export function historyFileName(persona: ShellPersona): string {
  return persona.family === 'alpine' ? '.ash_history' : '.bash_history';
}

export function bashVersion(persona: ShellPersona): string {
  const p = persona.osPrettyName;
  if (persona.family === 'rhel') return /\b7(\.|\s)/.test(p) ? '4.2.46(2)-release' : /\b8(\.|\s)/.test(p) ? '4.4.20(1)-release' : '5.1.8(1)-release';
  if (p.includes('24.04')) return '5.2.21(1)-release';
  if (p.includes('20.04')) return '5.0.17(1)-release';
  if (p.includes('18.04')) return '4.4.20(1)-release';
  if (p.toLowerCase().includes('debian')) return /\b11\b/.test(p) ? '5.1.4(1)-release' : '5.2.15(1)-release';
  return '5.1.16(1)-release';
}

const LS_COLORS =
  'rs=0:di=01;34:ln=01;36:mh=00:pi=40;33:so=01;35:do=01;35:bd=40;33;01:cd=40;33;01:or=40;31;01:mi=00:su=37;41:sg=30;43:ca=30;41:tw=30;42:ow=34;42:st=37;44:ex=01;32:*.tar=01;31:*.tgz=01;31:*.arc=01;31:*.arj=01;31:*.taz=01;31:*.lha=01;31:*.lz4=01;31:*.lzh=01;31:*.lzma=01;31:*.tlz=01;31:*.txz=01;31:*.tzo=01;31:*.t7z=01;31:*.zip=01;31:*.z=01;31:*.dz=01;31:*.gz=01;31:*.lrz=01;31:*.lz=01;31:*.lzo=01;31:*.xz=01;31:*.zst=01;31:*.tzst=01;31:*.bz2=01;31:*.bz=01;31:*.tbz=01;31:*.tbz2=01;31:*.tz=01;31:*.deb=01;31:*.rpm=01;31:*.jar=01;31:*.war=01;31:*.ear=01;31:*.sar=01;31:*.rar=01;31:*.alz=01;31:*.ace=01;31:*.zoo=01;31:*.cpio=01;31:*.7z=01;31:*.rz=01;31:*.cab=01;31:*.wim=01;31:*.swm=01;31:*.dwm=01;31:*.esd=01;31:*.jpg=01;35:*.jpeg=01;35:*.mjpg=01;35:*.mjpeg=01;35:*.gif=01;35:*.bmp=01;35:*.pbm=01;35:*.pgm=01;35:*.ppm=01;35:*.tga=01;35:*.xbm=01;35:*.xpm=01;35:*.tif=01;35:*.tiff=01;35:*.png=01;35:*.svg=01;35:*.svgz=01;35:*.mng=01;35:*.pcx=01;35:*.mov=01;35:*.mpg=01;35:*.mpeg=01;35:*.m2v=01;35:*.mkv=01;35:*.webm=01;35:*.webp=01;35:*.ogm=01;35:*.mp4=01;35:*.m4v=01;35:*.mp4v=01;35:*.vob=01;35:*.qt=01;35:*.nuv=01;35:*.wmv=01;35:*.asf=01;35:*.rm=01;35:*.rmvb=01;35:*.flc=01;35:*.avi=01;35:*.fli=01;35:*.flv=01;35:*.gl=01;35:*.dl=01;35:*.xcf=01;35:*.xwd=01;35:*.yuv=01;35:*.cgm=01;35:*.emf=01;35:*.ogv=01;35:*.ogx=01;35:*.aac=00;36:*.au=00;36:*.flac=00;36:*.m4a=00;36:*.mid=00;36:*.midi=00;36:*.mka=00;36:*.mp3=00;36:*.mpc=00;36:*.ogg=00;36:*.ra=00;36:*.wav=00;36:*.oga=00;36:*.opus=00;36:*.spx=00;36:*.xspf=00;36:';

export function defaultPath(persona: ShellPersona, account: Account): string {
  if (persona.family === 'rhel') return account.uid === 0 ? '/root/.local/bin:/root/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin' : `${account.home}/.local/bin:${account.home}/bin:/usr/local/bin:/usr/bin:/usr/local/sbin:/usr/sbin`;
  if (persona.family === 'alpine') return '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
  const ubuntu = persona.osPrettyName.toLowerCase().includes('ubuntu');
  if (account.uid === 0) return `/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin${ubuntu ? ':/snap/bin' : ''}`;
  return `/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/games:/usr/local/games${ubuntu ? ':/snap/bin' : ''}`;
}

/** Exported environment of a fresh login shell, in the order `env` prints it on the real system. */
export function loginEnv(persona: ShellPersona, account: Account, session: SessionInfo, sessionId: number): Map<string, string> {
  const env = new Map<string, string>();
  const systemd = persona.family !== 'alpine';
  const ssh = session.protocol === 'ssh';
  if (persona.family !== 'alpine') env.set('SHELL', account.shell);
  env.set('PWD', account.home);
  env.set('LOGNAME', account.name);
  if (systemd) env.set('XDG_SESSION_TYPE', 'tty');
  if (persona.family === 'debian') env.set('MOTD_SHOWN', 'pam');
  env.set('HOME', account.home);
  env.set('LANG', persona.family === 'rhel' ? 'en_US.UTF-8' : 'C.UTF-8');
  if (persona.family !== 'alpine') env.set('LS_COLORS', LS_COLORS);
  if (ssh) env.set('SSH_CONNECTION', `${session.remoteIp} ${session.remotePort} ${persona.ip} ${session.localPort}`);
  if (systemd) env.set('XDG_SESSION_CLASS', 'user');
  env.set('TERM', session.term);
  env.set('USER', account.name);
  env.set('SHLVL', '1');
  if (systemd) env.set('XDG_SESSION_ID', String(sessionId));
  if (systemd) env.set('XDG_RUNTIME_DIR', `/run/user/${account.uid}`);
  if (ssh) env.set('SSH_CLIENT', `${session.remoteIp} ${session.remotePort} ${session.localPort}`);
  if (persona.family === 'debian') env.set('XDG_DATA_DIRS', '/usr/local/share:/usr/share:/var/lib/snapd/desktop');
  env.set('PATH', defaultPath(persona, account));
  if (persona.family === 'rhel') env.set('MAIL', `/var/spool/mail/${account.name}`);
  if (systemd) env.set('DBUS_SESSION_BUS_ADDRESS', `unix:path=/run/user/${account.uid}/bus`);
  if (ssh) env.set('SSH_TTY', `/dev/${session.tty}`);
  return env;
}

export function defaultAliases(persona: ShellPersona, account: Account): Map<string, string> {
  const a = new Map<string, string>();
  const ubuntu = persona.osPrettyName.toLowerCase().includes('ubuntu');
  if (persona.family === 'debian' && !ubuntu) {
    if (account.uid !== 0) a.set('ls', 'ls --color=auto');
  } else if (persona.family === 'debian') {
    a.set('alert', String.raw`notify-send --urgency=low -i "$([ $? = 0 ] && echo terminal || echo error)" "$(history|tail -n1|sed -e 's/^\s*[0-9]\+\s*//;s/[;&|]\s*$//')"`);
    a.set('egrep', 'egrep --color=auto');
    a.set('fgrep', 'fgrep --color=auto');
    a.set('grep', 'grep --color=auto');
    a.set('l', 'ls -CF');
    a.set('la', 'ls -A');
    a.set('ll', 'ls -alF');
    a.set('ls', 'ls --color=auto');
  } else if (persona.family === 'rhel') {
    a.set('egrep', 'egrep --color=auto');
    a.set('fgrep', 'fgrep --color=auto');
    a.set('grep', 'grep --color=auto');
    a.set('l.', 'ls -d .* --color=auto');
    a.set('ll', 'ls -l --color=auto');
    a.set('ls', 'ls --color=auto');
    a.set('xzegrep', 'xzegrep --color=auto');
  }
  return a;
}

/** PS1 rendered: Debian "user@host:~$ ", RHEL "[user@host ~]$ ", Alpine "host:~# ". */
export function renderPrompt(persona: ShellPersona, user: Account, cwd: string, home: string): string {
  const host = persona.hostname.split('.')[0] ?? persona.hostname;
  const sigil = user.uid === 0 ? '#' : '$';
  const w = cwd === home ? '~' : home !== '/' && cwd.startsWith(`${home}/`) ? `~${cwd.slice(home.length)}` : cwd;
  if (persona.family === 'rhel') {
    const base = cwd === home ? '~' : cwd === '/' ? '/' : cwd.slice(cwd.lastIndexOf('/') + 1);
    return `[${user.name}@${host} ${base}]${sigil} `;
  }
  if (persona.family === 'alpine') return `${host}:${w}${sigil} `;
  return `${user.name}@${host}:${w}${sigil} `;
}
