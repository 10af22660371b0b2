// One PostgreSQL connection up to authentication: SSLRequest ('S' + TLS when the persona's ssl is
// on, else 'N'), GSSENCRequest 'N', StartupMessage, then MD5 or SCRAM-SHA-256 (RFC 5802/7677) per
// pg_hba, capturing what cracks the password offline, and FATAL 28P01 exactly as PostgreSQL words it.
import { createHash, randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { bytesToHex, credentialFields } from '@decnet/protocol';
import { SessionIo } from '../_io/session-io';
import type { SessionHandle, TemplateContext } from '../template';
import type { PostgresConfig } from './config';
import { CODE, parseClientFinal, parseClientFirst, parseCString, parseSaslInitial, parseStartupParams, PgReader, type PgFrame } from './parser';
import { authMd5, authSasl, authSaslContinue, ERR, errorResponse, type PgError } from './responses';

/** authentication_timeout default (60 s): the backend exits when the client takes longer. */
const AUTH_TIMEOUT_MS = 60_000;
/** Largest password/SASL message kept (PG_MAX_AUTH_TOKEN_LENGTH is 65535; real clients send < 1 KiB). */
const MAX_MESSAGE = 8192;
/** NAMEDATALEN - 1: PostgreSQL truncates user and database names to 63 bytes. */
const NAME_MAX = 63;

type State = 'startup' | 'tls' | 'password' | 'sasl_initial' | 'sasl_final' | 'done';

export function createPostgresSession(stream: Duplex, ctx: TemplateContext<PostgresConfig>): SessionHandle {
  const p = ctx.persona.services.postgres;
  const sslOn = ctx.config.ssl ? ctx.config.ssl === 'on' : p.ssl;
  const method = ctx.config.auth ?? p.auth;
  const iterations = ctx.config.scram_iterations;
  const host = ctx.src.ip.replace(/^::ffff:/, '');
  const reader = new PgReader(MAX_MESSAGE);
  let state: State = 'startup';
  let tls = false;
  let user = '';
  let database = '';
  let md5Salt = Buffer.alloc(0);
  let mechanisms: string[] = [];
  let scram: { mechanism: string; clientFirstBare: string; serverFirst: string; nonce: string; salt: string; cbind: string } | undefined;

  const io = new SessionIo(stream, ctx, {
    onData(chunk) {
      reader.push(chunk);
      for (let f = reader.next(); f && state !== 'done' && state !== 'tls'; f = reader.next()) handle(f);
    },
    onClose: () => clearTimeout(timer),
  });
  const timer = setTimeout(() => {
    ctx.emit('session_timeout', { phase: state, timeout_ms: AUTH_TIMEOUT_MS });
    io.destroy('authentication_timeout');
  }, AUTH_TIMEOUT_MS);
  timer.unref?.();

  function fail(e: PgError): void {
    state = 'done';
    io.end(errorResponse(p, e));
  }

  function handle(f: PgFrame): void {
    if (f.kind === 'bad_startup_length') {
      // ProcessStartupPacket logs "invalid length of startup packet" and closes without a reply.
      ctx.emit('protocol_error', { error: 'invalid length of startup packet', length: f.length });
      state = 'done';
      return io.destroy('bad_startup_length');
    }
    if (f.kind === 'oversized') {
      io.oversized(`message ${f.type}`, f.length, MAX_MESSAGE);
      state = 'done';
      return io.destroy('oversized_input');
    }
    if (f.kind === 'startup') return startup(f.code, f.body);
    if (f.type !== 'p') {
      // recv_password_packet: anything but a PasswordMessage ('p') is a protocol violation.
      ctx.emit('protocol_error', { error: 'expected password response', message_type: f.type.charCodeAt(0), phase: state });
      return fail(ERR.expectedPassword(p, f.type));
    }
    if (state === 'password') return password(f.body);
    if (state === 'sasl_initial') return saslInitial(f.body);
    if (state === 'sasl_final') return saslFinal(f.body);
  }

  function startup(code: number, body: Buffer): void {
    if (code === CODE.SSL && !tls) {
      if (!sslOn || !ctx.startTls) return void io.write('N');
      io.write('S');
      state = 'tls';
      reader.clear();
      void ctx.startTls().then((secured) => {
        if (!secured) return io.destroy('tls_failed');
        io.upgrade(secured);
        tls = true;
        state = 'startup';
      });
      return;
    }
    if (code === CODE.GSSENC && !tls) return void io.write('N');
    if (code === CODE.CANCEL) {
      state = 'done';
      return io.destroy('cancel_request');
    }
    if (code >>> 16 !== 3) {
      ctx.emit('protocol_error', { error: 'unsupported frontend protocol', protocol: `${code >>> 16}.${code & 0xffff}` });
      return fail(ERR.unsupportedProtocol(p, code));
    }
    const params = parseStartupParams(body);
    user = (params.get('user') ?? '').slice(0, NAME_MAX);
    database = (params.get('database') || user).slice(0, NAME_MAX);
    ctx.emit('startup', {
      username: user, database, application_name: params.get('application_name'), client_encoding: params.get('client_encoding'),
      protocol: `${code >>> 16}.${code & 0xffff}`, ssl: tls ? 1 : 0,
    });
    if (!user) return fail(ERR.noUser(p));
    reader.startupPhase = false;
    if (method === 'reject') return fail(ERR.noHbaEntry(p, host, user, database, tls));
    if (method === 'md5') {
      md5Salt = randomBytes(4);
      state = 'password';
      return io.write(authMd5(md5Salt));
    }
    // Over TLS a server built with OpenSSL also offers channel binding (PostgreSQL 11+).
    mechanisms = tls ? ['SCRAM-SHA-256-PLUS', 'SCRAM-SHA-256'] : ['SCRAM-SHA-256'];
    state = 'sasl_initial';
    io.write(authSasl(mechanisms));
  }

  function password(body: Buffer): void {
    const response = parseCString(body).slice(0, 256);
    const salt = bytesToHex(md5Salt);
    const isMd5 = /^md5[0-9a-f]{32}$/.test(response);
    // The MD5 secret is "md5<hex>:<salt hex>": md5(md5(password + user) + salt), see README.
    const cred = isMd5 ? credentialFields(user, `${response}:${salt}`, 'postgres_md5_challenge', 'failure', user) : credentialFields(user, response, 'plaintext', 'failure', user);
    ctx.emit('auth', {
      ...cred, database, method: 'md5', pw_hash: response, salt,
      john: isMd5 ? `$postgres$${user}*${salt}*${response.slice(3)}` : undefined,
    });
    fail(ERR.passwordFailed(p, user));
  }

  function saslInitial(body: Buffer): void {
    const init = parseSaslInitial(body);
    if (!init || !mechanisms.includes(init.mechanism)) {
      ctx.emit('protocol_error', { error: 'invalid SASL mechanism', mechanism: init?.mechanism });
      return fail(ERR.invalidMechanism(p));
    }
    const first = parseClientFirst(init.data.toString('utf8'));
    if (!first) {
      ctx.emit('protocol_error', { error: 'malformed SCRAM client-first-message' });
      return fail(ERR.malformedScram(false));
    }
    const nonce = `${first.nonce}${randomBytes(18).toString('base64')}`;
    // A stable salt per (decky, user), as a stored verifier has (and as PostgreSQL's mock salt is for unknown users).
    const salt = createHash('sha256').update(`${ctx.persona.seed}:postgres-scram:${user}`).digest().subarray(0, 16).toString('base64');
    const serverFirst = `r=${nonce},s=${salt},i=${iterations}`;
    scram = { mechanism: init.mechanism, clientFirstBare: first.bare, serverFirst, nonce, salt, cbind: first.cbind };
    state = 'sasl_final';
    io.write(authSaslContinue(serverFirst));
  }

  function saslFinal(body: Buffer): void {
    const s = scram;
    const fin = parseClientFinal(body.toString('utf8'));
    if (!s || !fin) {
      ctx.emit('protocol_error', { error: 'malformed SCRAM client-final-message' });
      return fail(ERR.malformedScram(true));
    }
    if (fin.nonce !== s.nonce) {
      ctx.emit('protocol_error', { error: 'SCRAM nonce mismatch' });
      return fail(ERR.nonceMismatch());
    }
    const authMessage = `${s.clientFirstBare},${s.serverFirst},${fin.withoutProof}`;
    ctx.emit('auth', {
      ...credentialFields(user, fin.proof, 'scram_sha256', 'failure', user),
      database, method: 'scram-sha-256', mechanism: s.mechanism, channel_binding: s.cbind,
      salt: s.salt, iterations, nonce: s.nonce, client_proof: fin.proof.toString('base64'), auth_message: authMessage,
    });
    fail(ERR.passwordFailed(p, user));
  }

  return {
    close: (reason) => {
      clearTimeout(timer);
      io.destroy(reason);
    },
  };
}
