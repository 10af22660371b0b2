// One IMAP session as Dovecot 2.3 runs it (RFC 3501 states NOT_AUTH -> AUTH -> SELECTED -> LOGOUT):
// imap-login's pre-auth commands (CAPABILITY, ID, STARTTLS, LOGIN, AUTHENTICATE with SASL-IR), then
// the bait mailbox for the persona's account. Emits DECNET's `command` and `auth` events.
import type { Duplex } from 'node:stream';
import { credentialFields } from '@decnet/protocol';
import { serialPump, SessionTimers } from '../_io/frame-pump';
import { SessionIo } from '../_io/session-io';
import type { MailConfig } from '../_mail/config';
import { checkLogin, mailboxFor } from '../_mail/accounts';
import { baitMatching } from '../_mail/mailbox';
import { SaslExchange, type AuthStep } from '../smtp/auth';
import type { SessionHandle, TemplateContext } from '../template';
import { ArgError, astring, parseCommand, type ParsedCommand } from './args';
import { CommandError, Folders } from './folders';
import { ImapParser, type ImapFrame } from './parser';
import { POST_LOGIN, preLoginCapability, TEXT, timed } from './responses';

/** imap-login's CLIENT_MAX_BAD_COMMANDS and the imap process's. */
const MAX_BAD_PRE = 3;
const MAX_BAD_POST = 20;
const TAG_MAX = 80;

type State = 'not_authenticated' | 'authenticated' | 'selected' | 'logout';

export function createImapSession(stream: Duplex, ctx: TemplateContext<MailConfig>): SessionHandle {
  const cfg = ctx.config;
  const persona = ctx.persona.services.imap;
  const parser = new ImapParser({ maxLineBytes: Math.min(ctx.limits.maxLineBytes, 8192), maxLiteralBytes: 65_536, maxCommandBytes: 262_144, maxLiterals: 16 });
  let tls = ctx.secure === true;
  let state: State = 'not_authenticated';
  let folders: Folders | undefined;
  let sasl: { tag: string; exchange: SaslExchange } | undefined;
  let idleTag: string | undefined;
  let bad = 0;
  const timers = new SessionTimers();

  const io = new SessionIo(stream, ctx, {
    onData(chunk) {
      parser.push(chunk);
      void pump();
    },
    onClose() {
      timers.clear();
    },
  });
  const plaintextOk = (): boolean => tls || cfg.plaintext_auth;
  const capability = (): string => preLoginCapability({ tls, tlsAvailable: typeof ctx.startTls === 'function', plaintextAllowed: plaintextOk() });
  io.write(`* OK [CAPABILITY ${capability()}] ${cfg.banner ?? persona.greeting}\r\n`);

  const send = (line: string): void => io.write(`${line}\r\n`);
  const done = (tag: string, text: string, lockWait = false): void => send(`${tag} ${state === 'not_authenticated' ? text : timed(text, Math.random, lockWait)}`);
  const sleep = (ms: number): Promise<void> => timers.sleep(ms);

  const pump = serialPump(io, () => parser.next(), handle);

  function badCommand(tag: string): void {
    bad++;
    if (bad >= (state === 'not_authenticated' ? MAX_BAD_PRE : MAX_BAD_POST)) return io.end(`${TEXT.tooManyBad}\r\n`);
    send(`${tag || '*'} ${TEXT.preLoginBad}`);
  }

  async function handle(f: ImapFrame): Promise<void> {
    if (f.kind === 'continue') return send('+ OK');
    if (f.kind === 'line_too_long') {
      ctx.emit('protocol_error', { error: 'line too long', bytes: f.bytes });
      return io.end(`${TEXT.lineTooLong}\r\n`);
    }
    if (f.kind === 'literal_too_big') {
      ctx.emit('protocol_error', { error: 'literal too big', bytes: f.size });
      return send(TEXT.literalTooBig);
    }
    const first = typeof f.segments[0] === 'string' ? f.segments[0] : '';
    if (sasl) return authStep(sasl.tag, 'AUTHENTICATE', sasl.exchange.respond(first));
    if (idleTag !== undefined) {
      if (first.trim().toUpperCase() !== 'DONE') return badCommand('*');
      const tag = idleTag;
      idleTag = undefined;
      return done(tag, 'OK Idle completed.');
    }
    let cmd: ParsedCommand;
    try {
      cmd = parseCommand(f.segments);
    } catch (e) {
      if (!(e instanceof ArgError)) throw e;
      const tag = /^(\S{1,80})/.exec(first)?.[1] ?? '*';
      ctx.emit('command', { cmd: 'PARSE_ERROR', state, error: e.message });
      return badCommand(validTag(tag) ? tag : '');
    }
    const tag = validTag(cmd.tag) ? cmd.tag : '';
    const sub = cmd.name === 'UID' ? (cmd.args[0]?.t === 'atom' ? cmd.args[0].v.toUpperCase() : '') : '';
    const name = sub ? `UID ${sub}` : cmd.name;
    const secretCmd = cmd.name === 'LOGIN' || cmd.name === 'AUTHENTICATE';
    const argText = secretCmd ? undefined : f.segments.map((s) => (typeof s === 'string' ? s : `{${s.length}}`)).join(' ').slice(tag.length + cmd.name.length + 2, 300) || undefined;
    // FETCH logs once, after it ran, with the messages and baits it showed.
    if ((name || tag) && sub !== 'FETCH' && name !== 'FETCH') ctx.emit('command', { cmd: name.slice(0, 40) || '(none)', state, tag: tag.slice(0, 40) || undefined, args: argText });
    if (!tag) return badCommand('');
    if (state === 'not_authenticated') return preAuth(tag, cmd);
    return postAuth(tag, sub ? { ...cmd, name: sub, args: cmd.args.slice(1) } : cmd, sub !== '');
  }

  async function preAuth(tag: string, cmd: ParsedCommand): Promise<void> {
    switch (cmd.name) {
      case 'CAPABILITY':
        send(`* CAPABILITY ${capability()}`);
        return done(tag, TEXT.capabilityOk);
      case 'NOOP':
        return done(tag, 'OK NOOP completed.');
      case 'LOGOUT':
        return io.end(`* BYE Logging out\r\n${tag} OK Logout completed.\r\n`);
      case 'ID':
        // imap_id_send's default "name *": Dovecot names itself, also before login.
        send('* ID ("name" "Dovecot")');
        return done(tag, 'OK ID completed.');
      case 'ENABLE':
        send('* ENABLED');
        return done(tag, 'OK ENABLE ignored in non-authenticated state.');
      case 'STARTTLS':
        return startTls(tag);
      case 'LOGIN': {
        const user = astring(cmd.args[0], 256);
        const pass = cmd.args[1]?.t === 'string' ? cmd.args[1].v : cmd.args[1]?.t === 'atom' ? Buffer.from(cmd.args[1].v, 'latin1') : undefined;
        if (user === undefined || pass === undefined) return badCommand(tag);
        if (!plaintextOk()) {
          ctx.emit('auth', { username: user, ...credentialFields(user, pass, 'plaintext', 'failure', user), mechanism: 'LOGIN', reason: 'privacy_required' });
          return done(tag, TEXT.privacyRequired);
        }
        return login(tag, 'LOGIN', user, pass);
      }
      case 'AUTHENTICATE': {
        const text = cmd.args.map((a) => astring(a, 8192) ?? '').join(' ');
        const mech = (text.split(' ')[0] ?? '').toUpperCase();
        if ((mech === 'PLAIN' || mech === 'LOGIN') && !plaintextOk()) return done(tag, TEXT.privacyRequired);
        const { exchange, step } = SaslExchange.start(text);
        if (exchange) sasl = { tag, exchange };
        return authStep(tag, 'AUTHENTICATE', step);
      }
      default:
        if (tag.toUpperCase() === 'LOGIN') return send(`${tag} ${TEXT.tagIsCommand}`);
        return badCommand(tag);
    }
  }

  async function authStep(tag: string, _cmd: string, step: AuthStep): Promise<void> {
    if (step.kind === 'challenge') return send(step.reply.replace(/^334 ?/, '+ '));
    sasl = undefined;
    if (step.kind === 'error') {
      ctx.emit('auth', { outcome: 'failure', mechanism: 'unknown', error: step.reason });
      return done(tag, step.reason === 'aborted' ? TEXT.authAborted : step.reason === 'base64' ? TEXT.badBase64 : TEXT.unsupportedMech);
    }
    return login(tag, step.mechanism, step.user, step.password);
  }

  async function login(tag: string, mechanism: string, user: string, pass: Buffer): Promise<void> {
    const ok = checkLogin(persona, cfg, user, pass.toString('utf8'));
    const box = mailboxFor(ctx.persona, persona, cfg, user);
    const bait = baitMatching(box, pass.toString('utf8'));
    ctx.emit('auth', { username: user, ...credentialFields(user, pass, 'plaintext', ok ? 'success' : 'failure', user), mechanism, tls, bait_id: bait?.id });
    if (!ok) {
      await sleep(cfg.auth_failure_delay_ms);
      return done(tag, TEXT.authFailed);
    }
    state = 'authenticated';
    folders = new Folders(box);
    bad = 0;
    send(`${tag} OK [CAPABILITY ${POST_LOGIN}] Logged in`);
  }

  async function startTls(tag: string): Promise<void> {
    if (tls) return done(tag, TEXT.tlsActive);
    if (!ctx.startTls) return badCommand(tag);
    done(tag, TEXT.startTls);
    // Input pipelined after STARTTLS was sent in clear: never run it inside TLS (CVE-2011-0411 class).
    if (parser.buffered > 0) ctx.emit('protocol_error', { error: 'starttls_command_injection', bytes: parser.buffered });
    parser.reset();
    const upgraded = await ctx.startTls();
    if (!upgraded) return io.destroy('tls_failed');
    io.upgrade(upgraded);
    tls = true;
  }

  function postAuth(tag: string, cmd: ParsedCommand, uid: boolean): void {
    const f = folders;
    if (!f) return badCommand(tag);
    const needSelected = ['FETCH', 'SEARCH', 'STORE', 'CLOSE', 'UNSELECT', 'EXPUNGE', 'CHECK', 'COPY', 'MOVE'].includes(cmd.name);
    if (needSelected && !f.selected) return done(tag, 'BAD No mailbox selected.');
    try {
      switch (cmd.name) {
        case 'CAPABILITY':
          send(`* CAPABILITY ${POST_LOGIN}`);
          return done(tag, 'OK Capability completed.');
        case 'NOOP':
        case 'CHECK':
          return done(tag, `OK ${cmd.name === 'NOOP' ? 'NOOP' : 'Check'} completed.`);
        case 'LOGOUT':
          state = 'logout';
          return io.end(`* BYE Logging out\r\n${tag} ${timed('OK Logout completed.', Math.random)}\r\n`);
        case 'ID':
          send('* ID ("name" "Dovecot")');
          return done(tag, 'OK ID completed.');
        case 'ENABLE':
          send(`* ENABLED${cmd.args.flatMap((a) => (a.t === 'atom' && /^(CONDSTORE|QRESYNC|UTF8=ACCEPT)$/i.test(a.v) ? [` ${a.v.toUpperCase()}`] : [])).join('')}`);
          return done(tag, 'OK Enabled.');
        case 'NAMESPACE':
          send('* NAMESPACE (("" "/")) NIL NIL');
          return done(tag, 'OK Namespace completed.');
        case 'LIST':
        case 'LSUB':
          io.write(f.list(cmd.args, cmd.name === 'LSUB'));
          return done(tag, `OK ${cmd.name === 'LIST' ? 'List' : 'Lsub'} completed.`);
        case 'STATUS':
          io.write(f.status(cmd.args));
          return done(tag, 'OK Status completed.');
        case 'SELECT':
        case 'EXAMINE': {
          const ro = cmd.name === 'EXAMINE';
          io.write(f.select(cmd.args, ro));
          state = 'selected';
          return done(tag, `OK [${ro ? 'READ-ONLY' : 'READ-WRITE'}] ${ro ? 'Examine' : 'Select'} completed.`, true);
        }
        case 'FETCH': {
          const fetchEvent = { cmd: uid ? 'UID FETCH' : 'FETCH', state, tag };
          let r: ReturnType<Folders['fetch']>;
          try {
            r = f.fetch(cmd.args, uid);
          } catch (e) {
            ctx.emit('command', { ...fetchEvent, error: e instanceof Error ? e.message.slice(0, 100) : 'error' });
            throw e;
          }
          io.write(r.bytes);
          ctx.emit('command', { ...fetchEvent, message_uids: r.uids.join(',') || undefined, bait_ids: r.baitIds.join(',') || undefined });
          return done(tag, 'OK Fetch completed.', true);
        }
        case 'SEARCH':
          io.write(f.search(cmd.args, uid));
          return done(tag, 'OK Search completed.');
        case 'STORE':
          io.write(f.store(cmd.args, uid));
          return done(tag, 'OK Store completed.');
        case 'CLOSE':
        case 'UNSELECT':
          f.close();
          state = 'authenticated';
          return done(tag, `OK ${cmd.name === 'CLOSE' ? 'Close' : 'Unselect'} completed.`);
        case 'EXPUNGE':
          return done(tag, 'OK Expunge completed.');
        case 'IDLE':
          idleTag = tag;
          return send('+ idling');
        case 'CREATE':
        case 'DELETE':
        case 'RENAME':
        case 'SUBSCRIBE':
        case 'UNSUBSCRIBE':
          return done(tag, `OK ${cmd.name.charAt(0)}${cmd.name.slice(1).toLowerCase()} completed.`);
        case 'APPEND':
        case 'COPY':
        case 'MOVE':
          return done(tag, 'NO [OVERQUOTA] Quota exceeded (mailbox for user is full)');
        default:
          bad++;
          if (bad >= MAX_BAD_POST) return io.end(`${TEXT.tooManyBad}\r\n`);
          return done(tag, `BAD Error in IMAP command ${cmd.name.slice(0, 40) || ''}: Unknown command.`);
      }
    } catch (e) {
      if (!(e instanceof CommandError)) throw e;
      if (e.reply === 'BAD') return done(tag, `BAD Error in IMAP command ${uid ? 'UID ' : ''}${cmd.name}: ${e.message}`);
      return done(tag, `NO ${e.message}`);
    }
  }

  return { close: (reason) => io.destroy(reason) };
}

/** imap-login's imap_is_valid_tag(): no atom-specials, wildcards, quotes or CTLs. */
function validTag(tag: string): boolean {
  return tag.length > 0 && tag.length <= TAG_MAX && !/[+(){/ %*"\\\x00-\x1f\x7f]/.test(tag);
}
