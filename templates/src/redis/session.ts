// One Redis client connection: RESP frames in, processCommand's checks in Redis's order (QUIT,
// unknown command, arity, NOAUTH), replies out; every command logged as `command`, AUTH as `auth`.
import type { Duplex } from 'node:stream';
import { credentialFields } from '@decnet/protocol';
import { SessionIo } from '../_io/session-io';
import type { SessionHandle, TemplateContext } from '../template';
import { arityOk, lookupCommand } from './command-table';
import { KEY_COMMANDS } from './commands-keys';
import { SERVER_COMMANDS } from './commands-server';
import type { RedisConfig } from './config';
import { defaultConfig } from './config-table';
import { keyspaceFor } from './keyspace';
import { RespParser, type RespFrame } from './parser';
import { array, bulk, err, int, nil, ok, RedisErrors, status, syntaxError, versionOf, type Reply } from './responses';
import { str, type RedisState, type Result } from './state';

const HANDLERS = { ...KEY_COMMANDS, ...SERVER_COMMANDS };
const GENERIC: Record<string, () => Reply> = { ok, zero: () => int(0), nil, empty: () => array([]), queued: () => status('QUEUED') };
const ARG_LOG_MAX = 8;
const ARG_LOG_CHARS = 128;

/** Client ids grow per persona like a server's counter (starts after a few internal clients). */
const clientIds = new Map<string, number>();

function argsForLog(args: Buffer[]): string {
  return JSON.stringify(args.slice(0, ARG_LOG_MAX).map((a) => a.subarray(0, ARG_LOG_CHARS).toString('latin1')));
}

export function createRedisSession(stream: Duplex, ctx: TemplateContext<RedisConfig>): SessionHandle {
  const version = ctx.config.version ?? ctx.persona.services.redis.version;
  const { major } = versionOf(version);
  const requirepass = ctx.config.password ?? '';
  const nextId = (clientIds.get(ctx.persona.seed) ?? 3) + 1;
  clientIds.set(ctx.persona.seed, nextId);
  const s: RedisState = {
    ctx, errors: new RedisErrors(version), version, major, requirepass, authenticated: false,
    ks: keyspaceFor(ctx.persona, ctx.config.keyspace === 'session' ? undefined : `${ctx.persona.seed}:${ctx.dst.port}`, ctx.now().getTime()), db: 0,
    config: defaultConfig(ctx.persona, major, ctx.dst.port || 6379, requirepass),
    clientId: nextId, clientName: '', connectedAtMs: ctx.now().getTime(), commands: 0, written: new Set(),
  };
  const maxBulkBytes = ctx.config.max_bulk_bytes;
  const parser = new RespParser({ maxBulkBytes, maxArgs: ctx.config.max_args, maxCommandBytes: Math.max(2 * maxBulkBytes, 1024 * 1024) });
  const hardCap = Math.max(2 * maxBulkBytes, 1024 * 1024) + 128 * 1024;
  let busy = false;

  const io = new SessionIo(stream, ctx, {
    onData(chunk) {
      parser.push(chunk);
      if (parser.buffered > hardCap) {
        io.oversized('query buffer', parser.buffered, hardCap);
        return io.destroy('oversized_input');
      }
      void pump();
    },
  });

  const needAuth = (): boolean => s.requirepass !== '' && !s.authenticated;

  async function pump(): Promise<void> {
    if (busy) return;
    busy = true;
    io.hold();
    try {
      let frame: RespFrame | undefined;
      while (!io.closed && (parser.authRequired = needAuth(), (frame = parser.next()))) {
        if (frame.kind === 'protocol_error') {
          ctx.emit('protocol_error', { error: frame.message });
          return io.end(err(frame.message));
        }
        if (frame.kind === 'oversized') {
          io.oversized('bulk', frame.bytes, maxBulkBytes);
          return io.destroy('oversized_input');
        }
        const result = await execute(frame.argv);
        if (Buffer.isBuffer(result)) io.write(result);
        else if (result.reply) io.end(result.reply);
        else io.destroy('closed_by_server');
      }
    } catch (e) {
      io.fail(e);
    } finally {
      busy = false;
      io.release();
    }
  }

  async function execute(argv: Buffer[]): Promise<Result> {
    const name = str(argv[0]).toLowerCase();
    const args = argv.slice(1);
    s.commands++;
    ctx.emit('command', { cmd: str(argv[0]).slice(0, 64).toUpperCase(), args: argsForLog(args), argc: args.length, db: s.db });
    if (name === 'quit') return { reply: ok(), close: true };
    const spec = lookupCommand(name, major);
    if (!spec) return s.errors.unknownCommand(argv);
    if (!arityOk(spec, argv.length)) return s.errors.arity(spec.name);
    if (name === 'post' || name === 'host:') {
      // securityWarningCommand: a cross-protocol (HTTP) attack; Redis logs it and drops the client.
      ctx.emit('protocol_error', { error: 'possible security attack', cmd: name });
      return { close: true };
    }
    if (name === 'auth') return auth(args);
    if (name === 'hello') return hello(args);
    if (needAuth() && !spec.flags.includes('no_auth')) return s.errors.noAuth();
    if (name === 'save') return save();
    const handler = HANDLERS[name];
    if (handler) return handler(s, args, name);
    return (GENERIC[spec.generic ?? 'ok'] ?? ok)();
  }

  function checkPassword(user: string | undefined, pass: Buffer): boolean {
    const userOk = user === undefined || user === 'default';
    if (!s.requirepass) return userOk && user !== undefined;
    return userOk && pass.equals(Buffer.from(s.requirepass, 'latin1'));
  }

  function auth(args: Buffer[]): Reply {
    if (major < 6 && args.length !== 1) return s.errors.arity('auth');
    if (args.length > 2) return syntaxError();
    const user = args.length === 2 ? str(args[0]) : undefined;
    const pass = args[args.length - 1] ?? Buffer.alloc(0);
    if (!s.requirepass && user === undefined) {
      ctx.emit('auth', { ...credentialFields('', pass, 'plaintext', 'failure'), reason: 'no_password_set' });
      return s.errors.authWithoutPassword();
    }
    const good = checkPassword(user, pass);
    ctx.emit('auth', credentialFields(user ?? '', pass, 'plaintext', good ? 'success' : 'failure', user));
    if (!good) return s.errors.wrongPass();
    s.authenticated = true;
    return ok();
  }

  function hello(args: Buffer[]): Reply {
    const proto = args[0] ? str(args[0]) : '2';
    if (!/^\d+$/.test(proto)) return err('Protocol version is not an integer or out of range');
    for (let i = 1; i < args.length; i++) {
      const opt = str(args[i]).toLowerCase();
      if (opt === 'auth' && i + 2 < args.length + 0 && args[i + 2] !== undefined) {
        const user = str(args[i + 1]);
        const pass = args[i + 2] ?? Buffer.alloc(0);
        const good = checkPassword(user, pass);
        ctx.emit('auth', credentialFields(user, pass, 'plaintext', good ? 'success' : 'failure', user));
        if (!good) return s.errors.wrongPass();
        s.authenticated = true;
        i += 2;
      } else if (opt === 'setname' && args[i + 1] !== undefined) {
        s.clientName = str(args[++i]);
      } else {
        return err(`Syntax error in HELLO option '${str(args[i])}'`);
      }
    }
    if (needAuth()) {
      return err(`-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO${major >= 7 ? ' <proto>' : ''} AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time`);
    }
    // RESP3 is not emulated; clients fall back to RESP2 on NOPROTO.
    if (proto !== '2') return err('-NOPROTO unsupported protocol version');
    return array([
      bulk('server'), bulk('redis'), bulk('version'), bulk(version), bulk('proto'), int(2), bulk('id'), int(s.clientId),
      bulk('mode'), bulk('standalone'), bulk('role'), bulk(s.replicaOf ? 'replica' : 'master'), bulk('modules'), array([]),
    ]);
  }

  /** SAVE after CONFIG SET dir/dbfilename is how attackers drop SSH keys and cron jobs: keep what they wrote. */
  async function save(): Promise<Reply> {
    const dir = s.config.get('dir') ?? '';
    const file = s.config.get('dbfilename') ?? '';
    const values = [...s.written].flatMap((k) => {
      const e = s.ks.dbs.find((db) => db.has(k))?.get(k);
      return e?.v.type === 'string' ? [e.v.value] : [];
    });
    if (values.length > 0) {
      const data = Buffer.concat(values.flatMap((v) => [v, Buffer.from('\n')]));
      const art = await ctx.capture(`redis-save-${file}`, data);
      ctx.emit('command', { cmd: 'SAVE', args: JSON.stringify([dir, file]), argc: 0, db: s.db, sha256: art.sha256, size: art.size, stored_as: art.storedAs, path: `${dir}/${file}`.slice(0, 512) });
    }
    return ok();
  }

  return { close: (reason) => io.destroy(reason) };
}
