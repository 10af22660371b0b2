// One POP3 session as Dovecot 2.3 runs it (RFC 1939 AUTHORIZATION -> TRANSACTION -> UPDATE): CAPA,
// STLS (RFC 2595), USER/PASS and AUTH PLAIN/LOGIN (RFC 5034, with initial response), then STAT,
// LIST, UIDL, RETR, TOP, DELE, RSET over the shared bait mailbox. Emits command/auth/retr/delete.
import type { Duplex } from 'node:stream';
import { credentialFields } from '@decnet/protocol';
import { serialPump, SessionTimers } from '../_io/frame-pump';
import { SessionIo } from '../_io/session-io';
import { checkLogin, mailboxFor } from '../_mail/accounts';
import type { MailConfig } from '../_mail/config';
import { baitMatching, type Mailbox, type MailMessage } from '../_mail/mailbox';
import { SaslExchange, type AuthStep } from '../smtp/auth';
import { SmtpParser, type SmtpFrame } from '../smtp/parser';
import type { SessionHandle, TemplateContext } from '../template';
import { dotStuff, POST_LOGIN_CAPA, preLoginCapa, TEXT, uidl } from './responses';

const MAX_BAD_PRE = 3;
const MAX_LINE = 4096;

export function createPop3Session(stream: Duplex, ctx: TemplateContext<MailConfig>): SessionHandle {
  const cfg = ctx.config;
  const persona = ctx.persona.services.pop3;
  let parser = new SmtpParser(Math.min(ctx.limits.maxLineBytes, MAX_LINE));
  let tls = ctx.secure === true;
  let state: 'authorization' | 'transaction' = 'authorization';
  let user: string | undefined;
  let box: Mailbox | undefined;
  const deleted = new Set<number>();
  let sasl: SaslExchange | undefined;
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
  io.write(`+OK ${cfg.banner ?? persona.greeting}\r\n`);
  const send = (line: string): void => io.write(`${line}\r\n`);
  const plaintextOk = (): boolean => tls || cfg.plaintext_auth;
  const sleep = (ms: number): Promise<void> => timers.sleep(ms);

  const pump = serialPump(io, () => parser.next(), handle);

  async function handle(f: SmtpFrame): Promise<void> {
    if (f.kind !== 'line') {
      ctx.emit('protocol_error', { error: 'line too long', bytes: f.kind === 'line_too_long' ? f.bytes : 0 });
      return send(TEXT.lineTooLong);
    }
    if (sasl) return authStep(sasl.respond(f.line));
    const m = /^(\S*)\s?(.*)$/.exec(f.line);
    const verb = (m?.[1] ?? '').toUpperCase().slice(0, 40);
    const args = (m?.[2] ?? '').slice(0, 1024);
    const secret = verb === 'PASS' || verb === 'AUTH' || verb === 'APOP';
    ctx.emit('command', { cmd: verb || '(none)', state, args: secret ? undefined : args.slice(0, 256) || undefined });
    if (state === 'authorization') return authorization(verb, args);
    return transaction(verb, args);
  }

  function badPre(): void {
    if (++bad >= MAX_BAD_PRE) return io.end(`${TEXT.tooManyBad}\r\n`);
    send(TEXT.unknownPre);
  }

  async function authorization(verb: string, args: string): Promise<void> {
    switch (verb) {
      case 'CAPA':
        return io.write(preLoginCapa({ tls, tlsAvailable: typeof ctx.startTls === 'function', plaintextAllowed: plaintextOk() }));
      case 'NOOP':
        return send('+OK');
      case 'QUIT':
        return io.end(`${TEXT.quitPre}\r\n`);
      case 'STLS':
        return startTls();
      case 'USER':
        if (!plaintextOk()) return send(TEXT.plaintextDisallowed);
        if (!args) return badPre();
        user = args.slice(0, 256);
        return send('+OK');
      case 'PASS':
        if (!plaintextOk()) return send(TEXT.plaintextDisallowed);
        if (user === undefined) return send(TEXT.noUser);
        return login('USER', user, Buffer.from(args, 'latin1'));
      case 'APOP':
        return send(TEXT.apopDisabled);
      case 'AUTH': {
        if (!args) return io.write('+OK\r\nPLAIN\r\nLOGIN\r\n.\r\n');
        if (!plaintextOk()) return send(TEXT.plaintextDisallowed);
        const { exchange, step } = SaslExchange.start(args);
        sasl = exchange;
        return authStep(step);
      }
      default:
        return badPre();
    }
  }

  async function authStep(step: AuthStep): Promise<void> {
    if (step.kind === 'challenge') return send(step.reply.replace(/^334 ?/, '+ '));
    sasl = undefined;
    if (step.kind === 'error') {
      ctx.emit('auth', { outcome: 'failure', mechanism: 'unknown', error: step.reason });
      return send(step.reason === 'aborted' ? TEXT.authAborted : step.reason === 'base64' ? TEXT.badBase64 : TEXT.unsupportedMech);
    }
    return login(step.mechanism, step.user, step.password);
  }

  async function login(mechanism: string, name: string, pass: Buffer): Promise<void> {
    const ok = checkLogin(persona, cfg, name, pass.toString('utf8'));
    const mbox = mailboxFor(ctx.persona, persona, cfg, name);
    const bait = baitMatching(mbox, pass.toString('utf8'));
    ctx.emit('auth', { username: name, ...credentialFields(name, pass, 'plaintext', ok ? 'success' : 'failure', name), mechanism, tls, bait_id: bait?.id });
    user = undefined;
    if (!ok) {
      await sleep(cfg.auth_failure_delay_ms);
      return send(TEXT.authFailed);
    }
    box = mbox;
    state = 'transaction';
    send(TEXT.loggedIn);
  }

  async function startTls(): Promise<void> {
    if (tls) return send(TEXT.tlsActive);
    if (!ctx.startTls) return badPre();
    send(TEXT.stls);
    if (parser.buffered > 0) ctx.emit('protocol_error', { error: 'starttls_command_injection', bytes: parser.buffered });
    parser = new SmtpParser(Math.min(ctx.limits.maxLineBytes, MAX_LINE));
    const upgraded = await ctx.startTls();
    if (!upgraded) return io.destroy('tls_failed');
    io.upgrade(upgraded);
    tls = true;
  }

  /** The message a numeric argument names, or the -ERR text Dovecot gives. */
  function pick(arg: string | undefined): MailMessage | string {
    const msgs = box?.messages ?? [];
    if (!arg || !/^\d{1,9}$/.test(arg)) return `-ERR Invalid message number: ${(arg ?? '').slice(0, 40)}`;
    const msg = msgs[Number(arg) - 1];
    if (!msg) return `-ERR There's no message ${Number(arg)}.`;
    if (deleted.has(msg.seq)) return '-ERR Message is deleted.';
    return msg;
  }

  function transaction(verb: string, args: string): void {
    const live = (box?.messages ?? []).filter((m) => !deleted.has(m.seq));
    const [a1, a2] = args.split(/\s+/);
    switch (verb) {
      case 'CAPA':
        return io.write(POST_LOGIN_CAPA);
      case 'NOOP':
        return send('+OK');
      case 'STAT':
        return send(`+OK ${live.length} ${live.reduce((n, m) => n + m.raw.length, 0)}`);
      case 'LIST':
      case 'UIDL': {
        const show = (m: MailMessage): string => `${m.seq} ${verb === 'LIST' ? m.raw.length : uidl(m.uid, box?.uidValidity ?? 0)}`;
        if (a1) {
          const m = pick(a1);
          return send(typeof m === 'string' ? m : `+OK ${show(m)}`);
        }
        return io.write(`${verb === 'LIST' ? `+OK ${live.length} messages:` : '+OK'}\r\n${live.map((m) => `${show(m)}\r\n`).join('')}.\r\n`);
      }
      case 'RETR':
      case 'TOP': {
        const m = pick(a1);
        if (typeof m === 'string') return send(m);
        if (verb === 'TOP') {
          if (!a2 || !/^\d{1,9}$/.test(a2)) return send(`-ERR Invalid number of lines: ${(a2 ?? '').slice(0, 40)}`);
          const lines = m.text.toString('latin1').split('\r\n').slice(0, Number(a2)).join('\r\n');
          io.write('+OK\r\n');
          io.write(dotStuff(Buffer.concat([m.header, Buffer.from(lines, 'latin1')])));
          return;
        }
        ctx.emit('retr', { message_num: m.seq, uid: m.uid, size: m.raw.length, subject: m.subject, bait_ids: m.baits.map((b) => b.id).join(',') || undefined });
        io.write(`+OK ${m.raw.length} octets\r\n`);
        return io.write(dotStuff(m.raw));
      }
      case 'DELE': {
        const m = pick(a1);
        if (typeof m === 'string') return send(m);
        deleted.add(m.seq);
        ctx.emit('delete', { message_num: m.seq, uid: m.uid });
        return send('+OK Marked to be deleted.');
      }
      case 'RSET':
        deleted.clear();
        return send('+OK');
      case 'QUIT':
        return io.end(deleted.size > 0 ? '+OK Logging out, messages deleted.\r\n' : '+OK Logging out.\r\n');
      default:
        return send(`-ERR Unknown command: ${verb}`);
    }
  }

  return { close: (reason) => io.destroy(reason) };
}
