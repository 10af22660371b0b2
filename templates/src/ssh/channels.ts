// RFC 4254 §6 session channels after a successful login: pty-req, env, shell (the fake shell behind a
// line discipline), exec (one command through the same shell, or the scp sink), and the sftp subsystem.
import type { ServerChannel, Session } from 'ssh2';
import { onlcr, TtyLineDiscipline } from '../runner/tty-session';
import { openShell } from '../runner/shell-bridge';
import { recordTerminal } from '../runner/session-recording';
import type { TemplateContext } from '../template';
import { ScpSinkParser, scpSinkTarget } from './parser';
import { resolvePath, serveSftp } from './sftp-sink';
import { captureUpload, UploadBuffer } from './uploads';

export interface LoginInfo {
  user: string;
  password: string;
  home: string;
}

const MAX_SCP_FILES = 64;

function runScpSink(ch: ServerChannel, target: string, ctx: TemplateContext<unknown>, login: LoginInfo): void {
  const parser = new ScpSinkParser();
  const dirStack: string[] = [];
  const base = resolvePath(login.home, target);
  // scp.c sink(): a target that is a directory receives files under their own names.
  const isDir = target.endsWith('/') || target === '.' || ['/tmp', '/var/tmp', '/dev/shm', '/root', login.home].includes(base);
  let current: UploadBuffer | undefined;
  let files = 0;
  ch.write('\0');
  ch.on('data', (chunk: Buffer) => {
    for (const f of parser.feed(chunk)) {
      switch (f.kind) {
        case 'file': {
          if (++files > MAX_SCP_FILES) {
            ch.write('\x01scp: Disk quota exceeded\n');
            ch.exit(1);
            ch.end();
            return;
          }
          const dir = dirStack.length > 0 ? `${base}/${dirStack.join('/')}` : base;
          current = new UploadBuffer(isDir || dirStack.length > 0 ? `${dir}/${f.name}` : base, ctx.limits.maxCaptureBytes);
          ch.write('\0');
          break;
        }
        case 'data':
          current?.append(f.bytes);
          break;
        case 'file-done':
          if (current) captureUpload(ctx, current, login.user, 'scp').catch(() => undefined);
          current = undefined;
          ch.write('\0');
          break;
        case 'dir':
          if (dirStack.length < 16) dirStack.push(f.name);
          ch.write('\0');
          break;
        case 'end-dir':
          dirStack.pop();
          ch.write('\0');
          break;
        case 'times':
          ch.write('\0');
          break;
        case 'warning':
          break;
        case 'error':
          ch.write(`\x01scp: ${f.reason}\n`);
          ch.exit(1);
          ch.end();
          return;
      }
    }
  });
  ch.on('end', () => {
    ch.exit(0);
    ch.end();
  });
}

export function serveSession(session: Session, ctx: TemplateContext<unknown>, login: LoginInfo): void {
  let pty: { term: string; cols: number; rows: number } | undefined;
  session.on('pty', (accept, _reject, info) => {
    pty = { term: String(info.term ?? 'xterm').slice(0, 64), cols: info.cols, rows: info.rows };
    accept?.();
  });
  session.on('window-change', (accept, _reject, info) => {
    if (pty) pty = { ...pty, cols: info.cols, rows: info.rows };
    accept?.();
  });
  session.on('env', (accept) => accept?.());
  session.on('signal', (accept) => accept?.());
  session.on('auth-agent', (_accept, reject) => reject?.());
  session.on('x11', (_accept, reject) => reject?.());

  session.on('shell', (accept) => {
    const ch = accept();
    const shell = openShell(ctx, { user: login.user, password: login.password, protocol: 'ssh', term: pty?.term ?? 'dumb' });
    // The interactive shell is recorded (asciinema v2) and uploaded when the channel closes.
    const recording = recordTerminal(ctx, { term: pty?.term ?? 'dumb', width: pty?.cols, height: pty?.rows });
    ch.once('close', () => void recording.finish());
    const tty = new TtyLineDiscipline({
      shell,
      maxLineChars: Math.min(4095, ctx.limits.maxLineBytes),
      columns: () => pty?.cols || 80,
      rows: () => pty?.rows || 24,
      write: (text) => {
        const out = pty ? text : text.replace(/\r\n/g, '\n');
        recording.output(out);
        if (ch.writable) ch.write(out);
      },
      onExit: () => {
        ch.exit(0);
        ch.end();
      },
    });
    ch.on('data', (data: Buffer) => {
      recording.input(data);
      tty.feed(data);
    });
    tty.start();
  });

  session.on('exec', (accept, _reject, info) => {
    const ch = accept();
    const command = String(info.command).slice(0, 65_536);
    const target = scpSinkTarget(command);
    if (target !== null) return runScpSink(ch, target, ctx, login);
    let status = 0;
    const shell = openShell(ctx, {
      user: login.user, password: login.password, protocol: 'ssh', tty: 'notty', term: pty?.term ?? 'dumb',
      observe: (type, fields) => {
        if (type === 'command') status = Number(fields['exit_code'] ?? 0) || 0;
      },
    });
    const result = shell.execute(command.slice(0, 4096));
    if (result.output !== '') ch.write(pty ? onlcr(result.output) : result.output);
    ch.exit(status & 0xff);
    ch.end();
  });

  session.on('sftp', (accept) => serveSftp(accept(), ctx, login.user, login.home));
  session.on('subsystem', (_accept, reject) => reject?.());
}
