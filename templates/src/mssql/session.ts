// One SQL Server connection before login: PRELOGIN (version of the persona's build, encryption as
// negotiated), TLS inside TDS, LOGIN7 with the password de-obfuscated (or an NTLM exchange for
// integrated security), then "Login failed for user '<user>'." (18456, state 1, class 14) and close.
import type { Duplex } from 'node:stream';
import { bytesToHex, credentialFields } from '@decnet/protocol';
import { ntlmIdentity, ntlmServerExchange, unwrapSpnego, type NtlmExchange } from '../_ntlm';
import { SessionIo } from '../_io/session-io';
import type { SessionHandle, TemplateContext } from '../template';
import type { MssqlConfig } from './config';
import { OPT, parseLogin7, parsePrelogin, PKT, TdsReader, type Login7, type TdsFrame } from './parser';
import { ENC, loginFailed, negotiateEncryption, packets, preloginResponse, sspiToken } from './responses';
import { fallbackContext, tdsTls, type TdsTls } from './tls-in-tds';

/** SQL Server drops a connection that has not logged in within its login timeout. */
const LOGIN_TIMEOUT_MS = 60_000;
const MAX_MESSAGE = 64 * 1024;

type State = 'prelogin' | 'tls' | 'login' | 'sspi' | 'done';

export function createMssqlSession(stream: Duplex, ctx: TemplateContext<MssqlConfig>): SessionHandle {
  const persona = ctx.persona.services.mssql;
  const version = ctx.config.version ? ctx.config.version.split('.').map((x) => Number.parseInt(x, 10)) : persona.version;
  const outer = new TdsReader(MAX_MESSAGE);
  const inner = new TdsReader(MAX_MESSAGE);
  let state: State = 'prelogin';
  let tls: TdsTls | undefined;
  let fullEncryption = false;
  let loginOverTls = false;
  let ntlm: NtlmExchange | undefined;
  let login: Login7 | undefined;

  const io = new SessionIo(stream, ctx, {
    onData(chunk) {
      outer.push(chunk);
      drain();
    },
    onClose: () => {
      clearTimeout(timer);
      tls?.destroy();
    },
  });
  const timer = setTimeout(() => {
    ctx.emit('session_timeout', { phase: state, timeout_ms: LOGIN_TIMEOUT_MS });
    io.destroy('login_timeout');
  }, LOGIN_TIMEOUT_MS);
  timer.unref?.();

  /** Handles buffered frames; TLS records wait in the reader until the TLS endpoint exists. */
  function drain(): void {
    while (state !== 'done' && !(state === 'tls' && !tls)) {
      const f = outer.next();
      if (!f) return;
      handleOuter(f);
    }
  }

  function unknown(type: number, payload: Buffer, reason: string): void {
    ctx.emit('unknown_packet', { packet_type: `0x${type.toString(16).padStart(2, '0')}`, length: payload.length, state, reason, head_hex: bytesToHex(payload.subarray(0, 32)) });
    state = 'done';
    io.destroy('unexpected_packet');
  }

  function handleOuter(f: TdsFrame): void {
    if (f.kind === 'raw') return tls?.feed(f.data);
    if (f.kind === 'bad_packet') return unknown(f.type, Buffer.alloc(0), `bad length ${f.length}`);
    if (f.kind === 'oversized') {
      io.oversized('tds message', f.length, MAX_MESSAGE);
      state = 'done';
      return io.destroy('oversized_input');
    }
    if (state === 'tls' && f.type === PKT.PRELOGIN) return tls?.feed(f.payload);
    handleMessage(f.type, f.payload);
  }

  function handleMessage(type: number, payload: Buffer): void {
    if (state === 'prelogin' && type === PKT.PRELOGIN) return prelogin(payload);
    if ((state === 'prelogin' || state === 'login') && type === PKT.LOGIN7) return login7(payload);
    if (state === 'sspi' && type === PKT.SSPI) return sspiAuthenticate(payload);
    unknown(type, payload, 'unexpected');
  }

  function prelogin(payload: Buffer): void {
    const opts = parsePrelogin(payload);
    if (!opts) return unknown(PKT.PRELOGIN, payload, 'malformed prelogin');
    const client = opts.get(OPT.ENCRYPTION)?.[0] ?? ENC.NOT_SUP;
    const answer = negotiateEncryption(ctx.config.encryption, client);
    io.write(packets(PKT.REPLY, preloginResponse(version, answer, opts.has(OPT.MARS))));
    if (answer === ENC.NOT_SUP) {
      state = 'login';
      return;
    }
    if (answer === ENC.REQ && (client & 0x0f) === ENC.NOT_SUP) {
      // The client cannot encrypt and the server insists: the client gives up; so do we.
      state = 'done';
      return io.end();
    }
    fullEncryption = answer !== ENC.OFF;
    state = 'tls';
    outer.allowRawTls = true;
    io.hold();
    fallbackContext(ctx.persona.seed, new Date(ctx.persona.shell.bootedAtMs)).then(
      (secure) => {
        io.release();
        if (io.closed) return;
        tls = tdsTls(secure, { write: (b) => io.write(b), isRaw: () => outer.raw }, {
          data: (d) => {
            loginOverTls = true;
            if (state === 'tls') state = 'login';
            // ENCRYPT_OFF: only the LOGIN7 is encrypted; the client is back to clear TDS after it.
            if (!fullEncryption) outer.raw = outer.allowRawTls = false;
            inner.push(d);
            for (let f = inner.next(); f && state !== 'done'; f = inner.next()) {
              if (f.kind === 'message') handleMessage(f.type, f.payload);
              else return unknown(0, Buffer.alloc(0), `inner ${f.kind}`);
            }
          },
          error: (e) => {
            ctx.emit('protocol_error', { error: 'tls', reason: e.message.slice(0, 200) });
            state = 'done';
            io.destroy('tls_failed');
          },
        });
        // Records that arrived while the certificate was being made.
        drain();
      },
      (e: unknown) => io.fail(e),
    );
    state = 'tls';
  }

  function send(payload: Buffer, close: boolean): void {
    const bytes = packets(PKT.REPLY, payload);
    if (fullEncryption && tls) {
      if (close) state = 'done';
      return tls.write(bytes, () => (close ? io.end() : undefined));
    }
    if (!close) return io.write(bytes);
    state = 'done';
    io.end(bytes);
  }

  function login7(payload: Buffer): void {
    const l = parseLogin7(payload);
    if (!l) return unknown(PKT.LOGIN7, payload, 'malformed login7');
    login = l;
    if (l.sspi.length > 0) return sspiNegotiate(l);
    const common = loginFields(l);
    ctx.emit('auth', { ...common, ...credentialFields(l.userName, l.password, 'plaintext', 'failure', l.userName), auth_type: 'sql' });
    send(loginFailed(l.userName, persona.serverName, l.tdsVersion), true);
  }

  function loginFields(l: Login7): Record<string, string | number | undefined> {
    return {
      username: l.userName, hostname: l.hostName, app_name: l.appName, server_name: l.serverName, library: l.libraryName,
      database: l.database || undefined, language: l.language || undefined, client_pid: l.clientPid,
      tds_version: `0x${l.tdsVersion.toString(16)}`, encrypted: loginOverTls ? 1 : 0,
    };
  }

  function ntlmToken(raw: Buffer): Buffer | undefined {
    const t = unwrapSpnego(raw);
    return t?.token;
  }

  function sspiNegotiate(l: Login7): void {
    ntlm = ntlmServerExchange(ntlmIdentity(ctx.persona), ctx.now);
    const token = ntlmToken(l.sspi);
    const challenge = token ? ntlm.challenge(token) : null;
    if (!challenge) {
      ctx.emit('auth', { ...loginFields(l), auth_type: 'sspi', error: 'not ntlm' });
      return send(loginFailed('', persona.serverName, l.tdsVersion), true);
    }
    state = 'sspi';
    send(sspiToken(challenge), false);
  }

  function sspiAuthenticate(payload: Buffer): void {
    const token = ntlmToken(payload);
    const cap = token && ntlm ? ntlm.authenticate(token, 'failure') : null;
    const l = login;
    if (!cap || !l) return unknown(PKT.SSPI, payload, 'malformed sspi');
    ctx.emit('auth', { ...loginFields(l), ...cap.fields, username: cap.principal, auth_type: 'sspi' });
    send(loginFailed(cap.principal, persona.serverName, l.tdsVersion), true);
  }

  return {
    close: (reason) => {
      clearTimeout(timer);
      io.destroy(reason);
    },
  };
}
