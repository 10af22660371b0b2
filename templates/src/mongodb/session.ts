// One mongod connection: frames messages, logs each as `message` (opcode, length, command), answers
// OP_MSG and OP_QUERY commands (OP_QUERY limited to the handshake/auth/buildinfo set from 5.1 on, as
// mongod does), ignores legacy fire-and-forget writes, and closes on what mongod treats as fatal.
import { createHash } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { bytesToHex } from '@decnet/protocol';
import { SessionIo } from '../_io/session-io';
import type { SessionHandle, TemplateContext } from '../template';
import { asDoc, type BsonDoc } from './bson';
import { Commands, type ConnectionState } from './commands';
import type { MongodbConfig } from './config';
import { MessageReader, OP, opName, parseOpMsg, parseOpQuery, WireError, type CommandRequest, type Message } from './parser';
import { releaseFacts, type MongodbPersona } from './persona';
import { ERR, opMsgReply, opReply } from './responses';

/** Our bound on one message (mongod allows 48 MB; nothing an attacker needs here comes close). */
const MAX_MESSAGE = 1024 * 1024;
/** mongod's maxMessageSizeBytes: larger lengths are invalid, not merely oversized. */
const MONGOD_MAX_MESSAGE = 48_000_000;
/** OP_QUERY commands mongod still serves from 5.1 on (check_allowed_op_query_cmd.cpp). */
const OP_QUERY_ALLOWED = new Set(['hello', 'isMaster', 'ismaster', 'buildinfo', 'buildInfo', 'saslStart', 'saslContinue', 'authenticate', '_isSelf']);
const HTTP_HINT = 'HTTP/1.0 200 OK\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: 84\r\n\r\nIt looks like you are trying to access MongoDB over HTTP on the native driver port.\n';

const connectionIds = new Map<string, number>();

function personaOf(ctx: TemplateContext<MongodbConfig>): MongodbPersona {
  const p = ctx.persona.services.mongodb;
  const v = ctx.config.version;
  return v && v !== p.version ? { ...p, ...releaseFacts(v, () => createHash('sha256').update(`${ctx.persona.seed}/mongodb:${v}`).digest('hex').slice(0, 40)) } : p;
}

const str = (v: unknown, n = 128): string | undefined => (typeof v === 'string' ? v.slice(0, n) : undefined);

export function createMongodbSession(stream: Duplex, ctx: TemplateContext<MongodbConfig>): SessionHandle {
  const p = personaOf(ctx);
  const key = ctx.persona.seed;
  const connectionId = (connectionIds.get(key) ?? p.connectionIdStart) + 1;
  connectionIds.set(key, connectionId);
  const st: ConnectionState = { connectionId, startedAtMs: ctx.persona.shell.bootedAtMs + 9_000 + (p.pid % 20) * 1000, nextConversation: 1 };
  const commands = new Commands(ctx, p, st);
  const reader = new MessageReader(MAX_MESSAGE);
  let nextRequestId = 1 + ((connectionId * 7919) % 100_000);
  let sawClient = false;

  const io = new SessionIo(stream, ctx, {
    onData(chunk) {
      reader.push(chunk);
      for (let f = reader.next(); f && !io.closed; f = reader.next()) {
        if (f.kind === 'http') {
          ctx.emit('protocol_error', { error: 'http on driver port' });
          return io.end(HTTP_HINT);
        }
        if (f.kind === 'invalid') {
          if (f.length > MAX_MESSAGE && f.length <= MONGOD_MAX_MESSAGE) io.oversized('message', f.length, MAX_MESSAGE);
          else ctx.emit('protocol_error', { error: 'invalid message length', length: f.length });
          return io.destroy('invalid_message');
        }
        handle(f.message);
      }
    },
  });

  function reply(m: Message, doc: BsonDoc, legacy: boolean): void {
    const id = nextRequestId++;
    io.write(legacy ? opReply(id, m.requestId, [doc]) : opMsgReply(id, m.requestId, doc));
  }

  function log(m: Message, req?: CommandRequest): void {
    const fields: Record<string, string | number | boolean | undefined> = {
      opcode: m.opCode, op: opName(m.opCode), length: m.length, request_id: m.requestId,
      command: req ? req.name.slice(0, 64) : undefined, db: req ? req.db.slice(0, 128) : undefined, collection: req?.collection?.slice(0, 128),
    };
    const client = req ? asDoc(req.body.get('client')) : undefined;
    if (client && !sawClient) {
      sawClient = true;
      const driver = asDoc(client.get('driver'));
      const os = asDoc(client.get('os'));
      Object.assign(fields, {
        client_driver: driver ? `${str(driver.get('name'), 64) ?? ''} ${str(driver.get('version'), 32) ?? ''}`.trim() : undefined,
        client_app: str(asDoc(client.get('application'))?.get('name')),
        client_os: os ? [str(os.get('type'), 32), str(os.get('name'), 64), str(os.get('architecture'), 16)].filter(Boolean).join(' ') : undefined,
        client_platform: str(client.get('platform')),
      });
    }
    ctx.emit('message', fields);
  }

  function handle(m: Message): void {
    let req: CommandRequest | undefined;
    try {
      if (m.opCode === OP.MSG) req = parseOpMsg(m.body);
      else if (m.opCode === OP.QUERY) req = parseOpQuery(m.body);
    } catch (e) {
      if (!(e instanceof WireError)) throw e;
      log(m);
      // mongod treats an unparseable message as fatal for the connection.
      ctx.emit('protocol_error', { error: e.message.slice(0, 120), opcode: m.opCode, head_hex: bytesToHex(m.body.subarray(0, 24)) });
      return io.destroy('bad_message');
    }
    log(m, req);
    if (m.opCode === OP.MSG && req) {
      const doc = commands.run(req);
      if (!req.moreToCome) reply(m, doc, false);
      return;
    }
    if (m.opCode === OP.QUERY && req) {
      const isCommand = req.collection?.endsWith('.$cmd') ?? false;
      const name = isCommand ? req.name : 'find';
      // Legacy OP_QUERY commands went away in 5.1 (wire 14), except the handshake and auth ones.
      if (p.maxWireVersion >= 14 && !OP_QUERY_ALLOWED.has(name)) return reply(m, ERR.opQuery(name.slice(0, 128)), true);
      if (!isCommand) return io.write(legacyEmpty(m));
      return reply(m, commands.run(req), true);
    }
    // OP_INSERT/UPDATE/DELETE/KILL_CURSORS are fire-and-forget: no reply. Anything else is fatal.
    if (m.opCode === OP.INSERT || m.opCode === OP.UPDATE || m.opCode === OP.DELETE || m.opCode === OP.KILL_CURSORS) return;
    ctx.emit('protocol_error', { error: 'unsupported opcode', opcode: m.opCode });
    io.destroy('unsupported_opcode');
  }

  /** A legacy find that matched nothing (pre-5.1). */
  function legacyEmpty(m: Message): Buffer {
    return opReply(nextRequestId++, m.requestId, []);
  }

  return { close: (reason) => io.destroy(reason) };
}

