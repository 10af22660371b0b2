// The high-interaction container's supervisor (child of /sbin/init, titled systemd-journald): sets up
// accounts and host keys, keeps the real sshd and/or inetd with telnetd running, reads the report FIFO
// written by the PAM hook and the session wrappers, tails session recordings and watches for dropped
// files. Every observation is one RFC 5424 line on stdout (APP-NAME ssh or telnet) for the agent.
import { spawn } from 'node:child_process';
import { chmodSync, createReadStream, existsSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { credentialFields, HighInteractionInitSchema } from '@decnet/protocol';
import { ArtifactStore } from '../runner/artifacts';
import { EventLog } from '../runner/event-log';
import { setUpAccounts, setUpHostKeys } from './accounts';
import { MAX_LINE_CHARS, parseReport, parseSshClient, type Report } from './channel';
import { DropWatcher } from './file-watch';
import { peerOfPid, peerOfTree } from './peer';
import { HiReporter } from './reporter';
import { SessionTracker } from './sessions';

/** The host's `<data>/artifacts/<decky>/hi`, mounted where DECNET mounts its file catcher's output. */
export const MOUNT = '/var/lib/systemd/coredump';
export const FIFO = '/run/sshd-audit';
export const REC_DIR = '/run/sshd-rec';
/** OpenSSH's stand-in password for a user that does not exist (auth-pam.c badpw); PAM may see a prefix of it. */
const OPENSSH_BADPW = '\b\n\r\x7fINCORRECT';
const isBadpw = (s: string): boolean => s.length > 0 && (OPENSSH_BADPW.startsWith(s) || s.startsWith(OPENSSH_BADPW));

const TELNET_PORT = 23;
/** What `ps` shows for this process (PPID 1, as journald on a real Debian 12). */
const TITLE = '/lib/systemd/systemd-journald';

interface Daemon {
  path: string;
  pidFile: string;
}
const SSHD: Daemon = { path: '/usr/sbin/sshd', pidFile: '/run/sshd.pid' };
const INETD: Daemon = { path: '/usr/sbin/inetutils-inetd', pidFile: '/run/inetd.pid' };

/** The daemon's pid from its pid file when it runs. */
function daemonPid(d: Daemon): number | undefined {
  try {
    const pid = Number(readFileSync(d.pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 1 && alive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** sshd and inetd daemonize as on a real host (their parent is then PID 1); started again when gone. */
function ensureDaemon(d: Daemon): void {
  if (daemonPid(d) !== undefined) return;
  try {
    unlinkSync(d.pidFile);
  } catch {
    /* none */
  }
  spawn(d.path, [], { stdio: 'ignore', detached: true }).on('error', () => undefined).unref();
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `ps -e`/`top` show the command name, which the title set to its first 15 bytes; docker's marker file goes. */
function disguise(): void {
  try {
    writeFileSync('/proc/self/comm', 'systemd-journal');
  } catch {
    /* an older kernel: the name stays */
  }
  try {
    unlinkSync('/.dockerenv');
  } catch {
    /* gone already */
  }
}

function handle(r: Report, reporter: HiReporter, sessions: SessionTracker): void {
  if (r.kind === 'auth') {
    // PAM service `login` is /bin/login under telnetd (login <- script <- telnetd holds the socket).
    const telnet = r.service === 'login';
    const service = telnet ? 'telnet' : 'ssh';
    const peer = (telnet ? peerOfTree(r.pid, TELNET_PORT) : peerOfPid(r.pid)) ?? (r.rhost ? { ip: r.rhost, port: 0 } : undefined);
    const src = peer && peer.port > 0 ? peer : undefined;
    const sid = reporter.sessionIdFor(src);
    const secret = r.secret.toString('latin1');
    // A user that does not exist: OpenSSH never showed PAM the password typed.
    const fields = !telnet && isBadpw(secret)
      ? { principal: r.user, username: r.user, outcome: r.outcome, password_hidden: 'invalid_user' }
      : credentialFields(r.user, new Uint8Array(r.secret), 'plaintext', r.outcome, r.user);
    const term = telnet ? sessions.termOf(sid) : undefined;
    reporter.emit(src ?? (peer && { ip: peer.ip, port: 0 }), sid, 'auth_attempt', { ...fields, method: 'password', mode: 'high-interaction', ...(term ? { term } : {}) }, service);
    if (r.outcome === 'success') {
      reporter.touch(src, r.user, sid, service);
      if (telnet) sessions.authenticated(sid, r.user);
    }
    return;
  }
  if (r.kind === 'start' && r.service === 'telnet') {
    // No user yet (login has not prompted): the session waits for login's success.
    sessions.start(r, peerOfTree(r.pid, TELNET_PORT));
    return;
  }
  const src = parseSshClient(r.client);
  const sid = reporter.sessionIdFor(src);
  reporter.touch(src, r.user, sid);
  if (r.kind === 'exec') reporter.emit(src, sid, 'command', { cmd: r.cmd, user: r.user, source: 'exec' });
  else sessions.start(r, src);
}

/** Newline-separated lines; a line longer than MAX_LINE_CHARS is dropped whole (root can write the FIFO). */
function readLines(input: Readable, onLine: (line: string) => void): void {
  let buf = '';
  let skipping = false;
  input.setEncoding('latin1');
  input.on('data', (chunk: string) => {
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', start)) {
      const line = buf + chunk.slice(start, nl);
      if (!skipping && line.length <= MAX_LINE_CHARS) onLine(line);
      buf = '';
      skipping = false;
      start = nl + 1;
    }
    buf += chunk.slice(start);
    if (buf.length > MAX_LINE_CHARS) {
      buf = '';
      skipping = true;
    }
  });
}

async function main(): Promise<void> {
  process.title = TITLE;
  disguise();
  const init = HighInteractionInitSchema.parse(JSON.parse(readFileSync(`${MOUNT}/.init.json`, 'utf8')));
  const log = new EventLog({ decky: init.decky, out: (line) => process.stdout.write(`${line}\n`), strictMsgids: false });
  const reporter = new HiReporter(log, new ArtifactStore({ dir: MOUNT, maxFileBytes: init.maxFileBytes, quotaBytes: init.quotaBytes }), init.services[0]);
  setUpAccounts(init);
  setUpHostKeys(`${MOUNT}/.host-keys`);
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  // A real host has a utmp: sshd and login record logins there (`who`, `w` would show none without it).
  spawn('install', ['-m', '664', '-g', 'utmp', '/dev/null', '/run/utmp'], { stdio: 'ignore' }).on('error', () => undefined);
  mkdirSync(REC_DIR, { recursive: true });
  chmodSync(REC_DIR, 0o1733);
  if (!existsSync(FIFO)) spawn('mkfifo', [FIFO]).on('exit', () => undefined);
  while (!existsSync(FIFO)) await new Promise((r) => setTimeout(r, 20));
  chmodSync(FIFO, 0o622);

  const sessions = new SessionTracker({ dir: REC_DIR, reporter, alive, now: Date.now });
  // r+: the FIFO never reports end-of-file when the last writer closes.
  readLines(createReadStream(FIFO, { flags: 'r+' }), (line) => {
    const r = parseReport(line);
    if (r) handle(r, reporter, sessions);
  });
  const watcher = new DropWatcher(reporter, { maxFileBytes: init.maxFileBytes });
  watcher.start();
  let polling = false;
  const poll = setInterval(() => {
    if (polling) return;
    polling = true;
    void sessions.poll().finally(() => (polling = false));
  }, 250);

  let stopping = false;
  const daemons = [...(init.services.includes('ssh') ? [SSHD] : []), ...(init.services.includes('telnet') ? [INETD] : [])];
  const ensure = (): void => daemons.forEach(ensureDaemon);
  ensure();
  const check = setInterval(ensure, 1000);
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    clearInterval(poll);
    clearInterval(check);
    watcher.stop();
    for (const d of daemons) {
      const pid = daemonPid(d);
      if (pid !== undefined) process.kill(pid, 'SIGTERM');
    }
    await sessions.finishAll();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((e: unknown) => {
  process.stderr.write(`sshd-monitor: ${(e as Error).message}\n`);
  process.exit(1);
});
