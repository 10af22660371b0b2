// One SMTP session (RFC 5321 §4.1, §3.3 mail transactions; RFC 2920 pipelining by answering
// queued commands in order): greeting, HELO/EHLO, AUTH capture, MAIL/RCPT/DATA with local-delivery
// vs relay decisions, message capture, RSET/NOOP/VRFY/QUIT, error limits, as the persona's MTA.
import type { Duplex } from 'node:stream';
import { credentialFields } from '@decnet/protocol';
import { serialPump } from '../_io/frame-pump';
import { SessionIo } from '../_io/session-io';
import type { SessionHandle, TemplateContext } from '../template';
import { SaslExchange } from './auth';
import { parseUsers, type SmtpConfig } from './config';
import { summarize } from './message';
import { SmtpParser, type SmtpFrame } from './parser';
import { LocalRecipients, parseAddress } from './recipients';
import { multiline, PHRASES, type Mta } from './responses';
import { queueId } from './queue-id';

/** Postfix smtpd_hard_error_limit. */
const HARD_ERROR_LIMIT = 20;
const MAX_RCPTS = 100;
/** Postfix answers HTTP-looking commands (smtpd_forbidden_commands) with this and disconnects. */
const FORBIDDEN = new Set(['CONNECT', 'GET', 'POST']);

export interface SmtpMode {
  /** smtp_relay: every recipient is accepted, any AUTH succeeds, probes may go out through the smarthost. */
  relay?: boolean;
}

export function createSmtpSession(stream: Duplex, ctx: TemplateContext<SmtpConfig>, mode: SmtpMode = {}): SessionHandle {
  const cfg = ctx.config;
  const mta: Mta = cfg.mta ?? ctx.persona.services.smtp.mta;
  const phr = PHRASES[mta];
  const banner = cfg.banner ?? ctx.persona.services.smtp.banner;
  const host = banner.split(' ')[0] ?? ctx.persona.hostname;
  const locals = new LocalRecipients(ctx.persona, host);
  const accounts = parseUsers(cfg.users);
  const newParser = (): SmtpParser => new SmtpParser(Math.max(512, Math.min(ctx.limits.maxLineBytes, 4096)));
  let parser = newParser();
  let tls = ctx.secure === true;
  const tlsAvailable = typeof ctx.startTls === 'function';
  // Postfix's smtpd_tls_auth_only=yes on submission (587): AUTH only once the session is encrypted.
  const authTlsOnly = tlsAvailable && (cfg.auth_tls_only === 'yes' || (cfg.auth_tls_only === 'auto' && ctx.dst.port === 587));
  const offer = (): { starttls: boolean; auth: boolean } => ({ starttls: tlsAvailable && !tls, auth: tls || !authTlsOnly });
  const clientIp = ctx.src.ip.replace(/^::ffff:/, '');

  let helo: string | undefined;
  let from: string | undefined;
  let rcpts: string[] = [];
  let rejected = 0;
  let authUser: string | undefined;
  let sasl: SaslExchange | undefined;
  let errors = 0;

  const io = new SessionIo(stream, ctx, {
    onData(chunk) {
      parser.push(chunk);
      void pump();
    },
  });
  io.write(`${phr.greeting(banner, ctx.now())}\r\n`);

  function reply(text: string): void {
    if (/^[45]/.test(text)) errors++;
    if (errors >= HARD_ERROR_LIMIT) {
      io.end(`${text}\r\n${phr.tooManyErrors(host)}\r\n`);
      return;
    }
    io.write(`${text}\r\n`);
  }

  function resetTransaction(): void {
    from = undefined;
    rcpts = [];
    rejected = 0;
  }

  const pump = serialPump(io, () => parser.next(), handle);

  async function handle(f: SmtpFrame): Promise<void> {
    if (f.kind === 'line_too_long') {
      ctx.emit('protocol_error', { error: 'line too long', bytes: f.bytes });
      return reply(phr.lineTooLong);
    }
    if (f.kind === 'message') return message(f.body, f.size, f.truncated);
    if (sasl) return authStep(sasl.respond(f.line));
    return command(f.line);
  }

  function command(line: string): void | Promise<void> {
    const m = /^\s*(\S*)\s?(.*)$/.exec(line);
    const verb = (m?.[1] ?? '').toUpperCase();
    const args = (m?.[2] ?? '').trim();
    switch (verb) {
      case 'EHLO':
      case 'HELO':
        return hello(verb, args);
      case 'AUTH':
        return auth(args);
      case 'MAIL':
        return mail(args);
      case 'RCPT':
        return rcpt(args);
      case 'DATA':
        return data(args);
      case 'RSET':
        resetTransaction();
        return reply(phr.rset);
      case 'NOOP':
        return reply(phr.noop);
      case 'VRFY':
        return vrfy(args);
      case 'STARTTLS':
        return startTls(args);
      case 'QUIT':
        return io.end(`${phr.quit(host)}\r\n`);
      default:
        if (mta === 'postfix' && FORBIDDEN.has(verb)) {
          ctx.emit('unknown_command', { command: line.slice(0, 128), forbidden: true });
          return io.end('221 2.7.0 Error: I can break rules, too. Goodbye.\r\n');
        }
        if (verb === 'HELP' && mta !== 'postfix') return reply('214 Commands supported: AUTH HELO EHLO MAIL RCPT DATA NOOP QUIT RSET HELP VRFY');
        ctx.emit('unknown_command', { command: line.slice(0, 128) });
        return reply(phr.unknown(verb));
    }
  }

  function hello(verb: string, args: string): void {
    if (!args) return reply(phr.ehloSyntax(verb));
    helo = args.slice(0, 255);
    resetTransaction();
    ctx.emit('ehlo', { domain: helo, cmd: verb });
    if (verb === 'HELO') return reply(phr.helo(host, helo, clientIp));
    io.write(multiline(250, phr.ehlo(host, helo, clientIp, cfg.max_message_bytes, offer())));
  }

  /** RFC 3207: 220, handshake, then a fresh session (no HELO, no AUTH, no transaction). */
  async function startTls(args: string): Promise<void> {
    if (!tlsAvailable) return reply(phr.noTls);
    if (tls) return reply(phr.tlsActive);
    if (args) return reply(phr.tlsSyntax);
    // CVE-2011-0411: commands pipelined after STARTTLS were sent in clear; never run them inside TLS.
    const injected = parser.buffered;
    if (injected > 0) ctx.emit('protocol_error', { error: 'starttls_command_injection', bytes: injected });
    parser = newParser();
    io.write(`${phr.tlsGo}\r\n`);
    const upgraded = await ctx.startTls?.();
    if (!upgraded) return io.destroy('tls_failed');
    io.upgrade(upgraded);
    tls = true;
    helo = undefined;
    authUser = undefined;
    resetTransaction();
  }

  function auth(args: string): void {
    if (!helo) return reply(phr.needHelo ?? phr.authInTransaction);
    if (authUser) return reply(phr.authAlready);
    if (!offer().auth) return reply(phr.authNotEnabled);
    if (from !== undefined) return reply(phr.authInTransaction);
    const { exchange, step } = SaslExchange.start(args);
    sasl = exchange;
    authStep(step);
  }

  function authStep(step: ReturnType<SaslExchange['respond']>): void {
    if (step.kind === 'challenge') return void io.write(`${step.reply}\r\n`);
    sasl = undefined;
    if (step.kind === 'error') {
      ctx.emit('auth_attempt', { mechanism: 'unknown', outcome: 'failure', error: step.reason });
      return reply(step.reason === 'aborted' ? phr.authAborted : step.reason === 'base64' ? phr.authBadBase64 : phr.authBadMech);
    }
    const expected = accounts.get(step.user);
    const pass = step.password.toString('utf8');
    const viaPersona = cfg.login === 'persona' && step.user !== 'root' && (ctx.persona.logins ?? []).some((l) => l.user === step.user && l.password === pass);
    // DECNET's open relay (SMTP_OPEN_RELAY=1) answers 235 to any AUTH.
    const ok = mode.relay === true || viaPersona || (expected !== undefined && Buffer.from(expected, 'utf8').equals(step.password));
    ctx.emit('auth_attempt', {
      ...credentialFields(step.user, step.password, 'plaintext', ok ? 'success' : 'failure', step.user),
      mechanism: step.mechanism,
      authzid: step.authzid || undefined,
    });
    if (ok) authUser = step.user;
    reply(ok ? phr.authOk : phr.authFail);
  }

  function mail(args: string): void {
    if (phr.needHelo && !helo) return reply(phr.needHelo);
    if (from !== undefined) return reply(phr.mailNested);
    const m = /^FROM:\s*(<[^>]*>|\S+)(.*)$/i.exec(args);
    if (!m) return reply(phr.mailSyntax);
    const addrText = m[1] ?? '';
    const addr = addrText === '<>' ? { raw: '', local: '', domain: '' } : parseAddress(addrText);
    if (!addr) return reply(phr.badSender);
    const size = /\bSIZE=(\d{1,12})\b/i.exec(m[2] ?? '');
    if (size && Number(size[1]) > cfg.max_message_bytes) return reply(phr.sizeExceeded);
    from = addr.raw;
    ctx.emit('mail_from', { value: addrText.slice(0, 320), mail_from: addr.raw, domain: addr.domain });
    reply(phr.mailOk(addr.raw));
  }

  function rcpt(args: string): void {
    if (phr.needHelo && !helo) return reply(phr.needHelo);
    if (from === undefined) return reply(phr.needMail);
    const m = /^TO:\s*(<[^>]*>|\S+)/i.exec(args);
    if (!m) return reply(phr.rcptSyntax);
    const value = (m[1] ?? '').slice(0, 320);
    const addr = parseAddress(m[1] ?? '');
    if (!addr || addr.raw === '') {
      ctx.emit('rcpt_rejected_syntax', { value });
      return reply(phr.badRecipient);
    }
    if (rcpts.length >= MAX_RCPTS) return reply('452 4.5.3 Error: too many recipients');
    const local = locals.isLocalDomain(addr.domain);
    if (!local && !authUser && !mode.relay) {
      rejected++;
      ctx.emit('rcpt_denied', { value, reason: 'relay' });
      return reply(phr.relayDenied(addr.raw));
    }
    if (local && !mode.relay && !locals.knows(addr.local)) {
      rejected++;
      ctx.emit('rcpt_denied', { value, reason: 'unknown_user' });
      return reply(phr.unknownUser(addr.raw));
    }
    rcpts.push(addr.raw);
    ctx.emit('rcpt_to', { value, relay: !local });
    reply(phr.rcptOk(addr.raw));
  }

  function data(args: string): void {
    if (phr.needHelo && !helo) return reply(phr.needHelo);
    if (args) return reply(mta === 'postfix' ? '501 5.5.4 Syntax: DATA' : phr.unknown('DATA'));
    if (rcpts.length === 0) return reply(mta === 'postfix' && rejected > 0 ? '554 5.5.1 Error: no valid recipients' : from === undefined && mta !== 'postfix' ? phr.needMail : phr.needRcpt);
    parser.startData(Math.min(ctx.limits.maxCaptureBytes, cfg.max_message_bytes + 1));
    io.write(`${phr.dataGo}\r\n`);
  }

  async function message(body: Buffer, size: number, truncated: boolean): Promise<void> {
    const id = queueId(mta, ctx.now());
    const tooBig = size > cfg.max_message_bytes;
    const common = { msg_id: id, mail_from: from ?? '', rcpt_to: rcpts.join(',').slice(0, 2048), truncated: truncated ? 1 : 0 };
    if (!tooBig) ctx.emit('message_accepted', { ...common, body_bytes: size });
    const art = await ctx.capture(`${id}.eml`, body);
    const s = summarize(body);
    ctx.emit('message_stored', {
      ...common, sha256: art.sha256, size, stored_as: art.storedAs, rejected: tooBig ? 'size' : undefined,
      subject: s.subject, from_hdr: s.from_hdr, to_hdr: s.to_hdr, date_hdr: s.date_hdr, message_id_hdr: s.message_id_hdr,
      x_mailer: s.x_mailer, content_type: s.content_type, dkim_signed: s.dkim_signed ? 1 : 0,
      attachment_count: s.attachments.length, attachments_json: JSON.stringify(s.attachments.slice(0, 20)), urls_json: JSON.stringify(s.urls),
    });
    if (mode.relay && !tooBig) relayOut(id, from ?? '', [...rcpts], body, truncated);
    resetTransaction();
    reply(tooBig ? phr.tooBig : phr.queued(id));
  }

  /** Hands a probe to the runner's smarthost capability, which enforces the delivery budget. */
  function relayOut(id: string, sender: string, to: string[], body: Buffer, truncated: boolean): void {
    if (!ctx.relayMail) return;
    if (truncated) return void ctx.emit('relay_delivery', { msg_id: id, delivered: false, reason: 'truncated' });
    ctx.relayMail({ from: sender, to, data: body, heloName: host })
      .then((r) => ctx.emit('relay_delivery', { msg_id: id, delivered: r.delivered, reason: r.reason, upstream_reply: r.reply?.slice(0, 200), remaining: r.remaining }))
      .catch((e: unknown) => ctx.emit('relay_delivery', { msg_id: id, delivered: false, reason: String(e instanceof Error ? e.message : e).slice(0, 200) }));
  }

  function vrfy(args: string): void {
    if (!args) return reply(phr.vrfySyntax);
    const addr = parseAddress(args);
    const known = !!addr && locals.isLocalDomain(addr.domain) && locals.knows(addr.local);
    ctx.emit('vrfy', { value: args.slice(0, 320), known });
    reply(known ? phr.vrfyKnown(args.slice(0, 320)) : phr.vrfyUnknown(addr?.raw ?? args.slice(0, 320)));
  }

  return { close: (reason) => io.destroy(reason) };
}
