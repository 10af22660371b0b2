// One FTP control connection (RFC 959 §5.4 sequencing): greeting, USER/PASS with capture and the
// daemon's failure delay and attempt limit, then navigation and transfers in a chrooted persona tree.
// Commands are handled strictly in order; transfers and the failed-login delay are awaited.
import type { Duplex } from 'node:stream';
import { credentialFields } from '@decnet/protocol';
import { SessionIo } from '../_io/session-io';
import type { SessionHandle, TemplateContext } from '../template';
import type { FtpConfig } from './config';
import { handleCommand } from './commands';
import type { FtpDataCapabilities } from './data-channel';
import { LoginPolicy } from './login';
import { flavorOf, FTP_PHRASES, greeting } from './responses';
import { reply, resetData, type FtpState } from './state';
import { buildTree } from './tree';
import { FtpFs } from './vfs';
import { FtpParser } from './parser';

/** vsftpd delay_failed_login: one second before "530 Login incorrect.". */
const FAILED_LOGIN_DELAY_MS = 1000;
const MAX_QUEUED_COMMANDS = 256;
/** Filesystems per decky account, so uploads are still there when the attacker reconnects. */
const filesystems = new Map<string, FtpFs>();

/** Commands vsftpd's prelogin.c accepts before authentication. */
const PRELOGIN = new Set(['USER', 'PASS', 'QUIT', 'FEAT', 'OPTS', '']);

export function createFtpSession(stream: Duplex, ctx: TemplateContext<FtpConfig>): SessionHandle {
  const c = ctx as TemplateContext<FtpConfig> & FtpDataCapabilities;
  const ftp = ctx.persona.services.ftp;
  const flavor = flavorOf(ftp.product);
  const policy = new LoginPolicy(ctx.persona, ctx.config);
  const parser = new FtpParser(Math.min(ctx.limits.maxLineBytes, 4096));
  let busy = false;
  let delay: NodeJS.Timeout | undefined;

  const io = new SessionIo(stream, ctx, {
    onData(chunk) {
      parser.push(chunk);
      if (parser.queued > MAX_QUEUED_COMMANDS) stream.pause();
      void pump();
    },
    onClose() {
      clearTimeout(delay);
      resetData(s);
      s.active?.destroy();
    },
  });
  const s: FtpState = { ctx: c, io, phr: FTP_PHRASES[flavor], flavor, cwd: '/', type: 'A', data: { kind: 'none' }, rest: 0, fails: 0 };
  io.write(`${greeting(ctx.config.banner ?? ftp.banner, ctx.dst.ip)}\r\n`);

  async function pump(): Promise<void> {
    if (busy) return;
    busy = true;
    io.hold();
    try {
      for (let f = parser.next(); f && !io.closed; f = parser.next()) {
        if (f.kind === 'too_long') {
          io.oversized('command line', f.bytes, Math.min(ctx.limits.maxLineBytes, 4096));
          return io.end(`${s.phr.tooLong}\r\n`);
        }
        await dispatch(f.verb, f.arg);
        if (parser.queued <= MAX_QUEUED_COMMANDS / 2 && stream.isPaused()) stream.resume();
      }
    } catch (e) {
      io.fail(e);
    } finally {
      busy = false;
      io.release();
    }
  }

  async function dispatch(verb: string, arg: string): Promise<void> {
    if (verb === 'USER') return user(arg);
    if (verb === 'PASS') return pass(arg);
    if (!s.login) {
      if (verb === 'QUIT') return io.end(`${s.phr.quit}\r\n`);
      if (verb === 'FEAT') return reply(s, ...s.phr.feat);
      if (verb === 'OPTS') return reply(s, /^UTF8 ON$/i.test(arg.trim()) ? s.phr.optsUtf8 : '501 Option not understood.');
      if (verb === 'HELP' && flavor === 'proftpd') return reply(s, ...s.phr.help);
      if (!PRELOGIN.has(verb)) ctx.emit('command', { cmd: verb.slice(0, 16), arg: arg.slice(0, 256), authenticated: false });
      if (verb === '' && !arg) return;
      return reply(s, s.phr.needLogin);
    }
    // PORT/EPRT log their own, richer `command` event (target address, bounce attempt).
    if (verb !== 'PORT' && verb !== 'EPRT') ctx.emit('command', { cmd: verb.slice(0, 16), arg: arg.slice(0, 256), cwd: s.cwd });
    await handleCommand(s, verb, arg);
  }

  function user(arg: string): void {
    const name = arg.trim().slice(0, 128);
    ctx.emit('user', { username: name });
    if (s.login) return reply(s, "530 Can't change to another user.");
    s.pendingUser = name;
    reply(s, s.phr.userOk(name));
  }

  async function pass(arg: string): Promise<void> {
    if (s.login) return reply(s, '230 Already logged in.');
    const name = s.pendingUser;
    if (name === undefined) return reply(s, s.phr.needUser);
    s.pendingUser = undefined;
    const password = Buffer.from(arg, 'utf8');
    const d = policy.decide(name, password);
    ctx.emit('auth_attempt', credentialFields(name, password, 'plaintext', d.ok ? 'success' : 'failure', name));
    if (!d.ok) {
      if (flavor === 'vsftpd') await new Promise<void>((r) => (delay = setTimeout(r, FAILED_LOGIN_DELAY_MS)));
      s.fails++;
      if (s.fails >= ctx.config.max_login_fails) return io.end(`${s.phr.loginFail}\r\n`);
      return reply(s, s.phr.loginFail);
    }
    const key = `${ctx.persona.seed}:${ctx.dst.port}:${d.anonymous ? '(anonymous)' : (d.user?.name ?? name)}`;
    let fs = filesystems.get(key);
    if (!fs) {
      if (filesystems.size >= 256) filesystems.clear();
      fs = new FtpFs(buildTree({ persona: ctx.persona, ...(d.user ? { user: d.user } : {}), nowMs: ctx.now().getTime() }));
      filesystems.set(key, fs);
    }
    s.login = { name, anonymous: d.anonymous, ...(d.user ? { user: d.user } : {}) };
    s.fs = fs;
    s.cwd = '/';
    reply(s, s.phr.loginOk(name, d.anonymous));
  }

  return { close: (reason) => io.destroy(reason) };
}
