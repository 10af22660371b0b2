// One MySQL connection phase: greeting -> HandshakeResponse41 (or SSLRequest / junk) -> optional
// AuthSwitch to mysql_native_password -> ERR 1045 Access denied and close, as mysqld does for a
// wrong password. The 20-byte native scramble response is kept as a crackable credential.
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { bytesToHex, credentialFields } from '@decnet/protocol';
import { SessionIo } from '../_io/session-io';
import type { SessionHandle, TemplateContext } from '../template';
import type { MysqlConfig } from './config';
import { isSslRequest, PacketReader, parseHandshakeResponse, type HandshakeResponse, type Packet } from './parser';
import { authSwitch, ER, flavorOf, greeting, packet } from './responses';

/** connect_timeout default: mysqld drops a client that has not logged in after 10 s. */
const CONNECT_TIMEOUT_MS = 10_000;
const MAX_LOGIN_PACKET = 64 * 1024;
const connectionIds = new Map<string, number>();

/** generate_user_salt(): 7-bit bytes, never NUL or '$'. */
function scramble(): Buffer {
  const b = randomBytes(20);
  for (let i = 0; i < b.length; i++) {
    let c = (b[i] ?? 1) & 0x7f;
    if (c === 0 || c === 0x24) c++;
    b[i] = c;
  }
  return b;
}

const shownUser = (u: Buffer): string => u.toString('utf8').slice(0, 128);

export function createMysqlSession(stream: Duplex, ctx: TemplateContext<MysqlConfig>): SessionHandle {
  const flavor = flavorOf(ctx.config.version ?? ctx.persona.services.mysql.version);
  const key = ctx.persona.seed;
  const connectionId = (connectionIds.get(key) ?? ctx.persona.services.mysql.connectionIdStart) + 1;
  connectionIds.set(key, connectionId);
  const salt = scramble();
  const host = ctx.src.ip.replace(/^::ffff:/, '');
  const reader = new PacketReader(MAX_LOGIN_PACKET);
  let state: 'login' | 'switch' | 'done' = 'login';
  let login: HandshakeResponse | undefined;
  let firstResponse: Buffer | undefined;

  const io = new SessionIo(stream, ctx, {
    onData(chunk) {
      reader.push(chunk);
      for (let f = reader.next(); f && state !== 'done'; f = reader.next()) {
        const expected = state === 'switch' ? 3 : 1;
        if (f.kind === 'oversized' && f.seq !== expected) return handle({ seq: f.seq, payload: Buffer.alloc(0) });
        if (f.kind === 'oversized') {
          io.oversized('packet', f.bytes, MAX_LOGIN_PACKET);
          return finish(ER.handshake(), state === 'switch' ? 4 : 2);
        }
        handle(f.packet);
      }
    },
    onClose: () => clearTimeout(timer),
  });
  const timer = setTimeout(() => {
    if (state === 'done') return;
    ctx.emit('session_timeout', { phase: state, timeout_ms: CONNECT_TIMEOUT_MS });
    io.destroy('connect_timeout');
  }, CONNECT_TIMEOUT_MS);
  timer.unref?.();

  io.write(packet(0, greeting(flavor, connectionId, salt)));

  function finish(payload: Buffer, seq: number): void {
    state = 'done';
    clearTimeout(timer);
    io.end(packet(seq, payload));
  }

  function handle(p: Packet): void {
    if (state === 'login') {
      if (p.seq !== 1) {
        ctx.emit('protocol_error', { error: 'packets out of order', seq: p.seq, head_hex: bytesToHex(p.payload.subarray(0, 16)) });
        return finish(ER.outOfOrder(), 1);
      }
      if (isSslRequest(p.payload)) {
        // CLIENT_SSL was not advertised: mysqld without an SSL acceptor answers "Bad handshake".
        ctx.emit('protocol_error', { error: 'ssl request without ssl' });
        return finish(ER.handshake(), 2);
      }
      const r = parseHandshakeResponse(p.payload);
      if (!r) {
        ctx.emit('protocol_error', { error: 'bad handshake', head_hex: bytesToHex(p.payload.subarray(0, 16)) });
        return finish(ER.handshake(), 2);
      }
      login = r;
      const plugin = r.plugin ?? 'mysql_native_password';
      if (r.authResponse.length > 0 && (plugin !== 'mysql_native_password' || r.authResponse.length !== 20)) {
        // caching_sha2_password (or another plugin): ask for mysql_native_password, as for an
        // account created WITH mysql_native_password, so the response is crackable offline.
        firstResponse = r.authResponse;
        state = 'switch';
        io.write(packet(2, authSwitch(salt)));
        return;
      }
      return deny(r, r.authResponse, 2);
    }
    if (state === 'switch' && login) {
      if (p.seq !== 3) return finish(ER.outOfOrder(), p.seq + 1);
      return deny(login, p.payload.subarray(0, 256), 4);
    }
  }

  function deny(r: HandshakeResponse, response: Buffer, seq: number): void {
    const user = shownUser(r.user);
    const used = response.length > 0;
    const fields: Record<string, string | number | boolean | undefined> = {
      username: user,
      connection_id: connectionId,
      database: r.database ? r.database.toString('utf8').slice(0, 128) : undefined,
      client_plugin: r.plugin,
      client_caps: (r.capabilities >>> 0).toString(16),
      password_used: used ? 'YES' : 'NO',
      scramble: bytesToHex(salt),
      client_attrs: r.attrs.length ? JSON.stringify(Object.fromEntries(r.attrs)) : undefined,
      sha2_response: firstResponse && firstResponse !== response ? bytesToHex(firstResponse.subarray(0, 64)) : undefined,
    };
    if (used) {
      const hex = bytesToHex(response);
      Object.assign(fields, credentialFields(user, response, 'mysql_native_password', 'failure', user), {
        // DECNET prints the scramble response as hex; secret_b64 stays lossless.
        secret_printable: hex,
        auth_response: hex,
        hashcat: response.length === 20 ? `$mysqlna$${bytesToHex(salt)}*${hex}` : undefined,
      });
    }
    ctx.emit('auth', fields);
    finish(ER.accessDenied(user, host, used), seq);
  }

  return {
    close: (reason) => {
      clearTimeout(timer);
      io.destroy(reason);
    },
  };
}
