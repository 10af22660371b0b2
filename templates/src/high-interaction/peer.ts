// Which attacker a PAM report belongs to: the sshd process that ran the hook holds the connection's
// socket; its inode is looked up in /proc/net/tcp{,6} for the remote address and port (pam_exec only
// passes PAM_RHOST, not the port); for telnet, an ancestor (telnetd) holds it. Pure parsing below, the
// /proc reads in peerOfPid and peerOfTree.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface Peer {
  ip: string;
  port: number;
}

/** /proc/net/tcp's little-endian hex IPv4 ("0100007F" is 127.0.0.1); tcp6 v4-mapped forms too. */
export function hexToIp(hex: string): string | undefined {
  const v4 = (h: string) => [6, 4, 2, 0].map((i) => parseInt(h.slice(i, i + 2), 16)).join('.');
  if (/^[0-9A-F]{8}$/i.test(hex)) return v4(hex);
  // ::ffff:a.b.c.d is 0000000000000000FFFF0000 + the v4 word, each 32-bit word little-endian.
  if (/^0{16}FFFF0000[0-9A-F]{8}$/i.test(hex)) return v4(hex.slice(24));
  return undefined;
}

/** The remote end of an established socket with one of `inodes` listening on `localPort`. */
export function findPeer(procNetTcp: string, inodes: ReadonlySet<string>, localPort = 22): Peer | undefined {
  for (const line of procNetTcp.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10 || f[3] !== '01' || !inodes.has(f[9]!)) continue;
    const [, lport] = f[1]!.split(':');
    const [rhex, rport] = f[2]!.split(':');
    if (parseInt(lport ?? '', 16) !== localPort) continue;
    const ip = hexToIp(rhex ?? '');
    const port = parseInt(rport ?? '', 16);
    if (ip && port > 0) return { ip, port };
  }
  return undefined;
}

export function peerOfPid(pid: number, localPort = 22): Peer | undefined {
  const inodes = new Set<string>();
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`).slice(0, 256);
  } catch {
    return undefined; // the process is gone already
  }
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      /* closed meanwhile */
    }
  }
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    try {
      const p = findPeer(readFileSync(f, 'utf8'), inodes, localPort);
      if (p) return p;
    } catch {
      /* no IPv6 in this namespace */
    }
  }
  return undefined;
}

/** The parent pid from /proc/<pid>/stat (the command name may hold spaces and parentheses). */
export function parentOf(stat: string): number | undefined {
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ppid = Number(f[1]);
  return Number.isInteger(ppid) && ppid > 0 ? ppid : undefined;
}

/**
 * The connection a process serves: its own socket or one of its first `depth` ancestors'. A telnet
 * login (login <- script <- telnetd) has the socket two levels up, on telnetd.
 */
export function peerOfTree(pid: number, localPort: number, depth = 4): Peer | undefined {
  let at: number | undefined = pid;
  for (let i = 0; at !== undefined && at > 1 && i <= depth; i++) {
    const p = peerOfPid(at, localPort);
    if (p) return p;
    try {
      at = parentOf(readFileSync(`/proc/${at}/stat`, 'utf8'));
    } catch {
      return undefined;
    }
  }
  return undefined;
}
