// Command dispatch for one mongod connection: the handshake (hello with saslSupportedMechs and
// speculativeAuthenticate), SASL (SCRAM captured, PLAIN captured, others refused), the read-only
// recon commands answered from the persona, data commands acknowledged, and mongod's errors otherwise.
import { credentialFields } from '@decnet/protocol';
import type { TemplateContext } from '../template';
import { asDoc, asNumber, Binary, Int32, Long, truthy, type BsonDoc, type BsonValue, type Decoded } from './bson';
import type { MongodbConfig } from './config';
import type { CommandRequest } from './parser';
import type { MongodbPersona } from './persona';
import { buildInfoReply, commandError, ERR, getLogReply, helloReply, listDatabasesReply, serverStatusReply } from './responses';
import { authMessage, crackLine, parseClientFinal, parseClientFirst, SCRAM_MECHANISMS, serverFirst, type ScramMechanism, type ScramState } from './scram';

const MAX_FIELD = 256;
const clip = (s: string, n = MAX_FIELD): string => s.slice(0, n);

export interface ConnectionState {
  connectionId: number;
  startedAtMs: number;
  /** SCRAM conversations by conversationId (mongod numbers them from 1 per connection). */
  conversation?: { id: number; scram: ScramState; db: string };
  nextConversation: number;
}

export class Commands {
  constructor(
    private readonly ctx: TemplateContext<MongodbConfig>,
    private readonly p: MongodbPersona,
    private readonly st: ConnectionState,
  ) {}

  run(req: CommandRequest): BsonDoc {
    const b = req.body;
    switch (req.name) {
      case 'hello': case 'isMaster': case 'ismaster': return this.hello(req.name !== 'hello', b);
      case 'buildInfo': case 'buildinfo': return buildInfoReply(this.p);
      case 'ping': return { ok: 1 };
      case 'listDatabases': return req.db === 'admin' ? listDatabasesReply(this.p, truthy(b.get('nameOnly'))) : commandError('Unauthorized', 'listDatabases may only be run against the admin database.');
      case 'serverStatus': return serverStatusReply(this.p, this.ctx.persona.hostname, this.st.startedAtMs, this.ctx.now(), 3 + (this.st.connectionId % 7));
      case 'getLog': return getLogReply(typeof b.get('getLog') === 'string' ? clip(String(b.get('getLog')), 64) : '', this.st.startedAtMs);
      case 'whatsmyuri': return { you: `${this.ctx.src.ip}:${this.ctx.src.port}`, ok: 1 };
      case 'getCmdLineOpts': return this.cmdLine();
      case 'saslStart': return this.saslStart(b, req.db, false);
      case 'saslContinue': return this.saslContinue(b);
      case 'authenticate': return ERR.mechanism(typeof b.get('mechanism') === 'string' ? clip(String(b.get('mechanism')), 64) : 'MONGODB-CR');
      case 'endSessions': case 'logout': case 'dropDatabase': return { ok: 1 };
      case 'listCollections': case 'find': case 'aggregate': return this.emptyCursor(req);
      case 'count': case 'delete': case 'update': return { n: new Int32(0), ok: 1 };
      case 'insert': return { n: new Int32(Array.isArray(b.get('documents')) ? (b.get('documents') as BsonValue[]).length : 0), ok: 1 };
      case 'drop': return commandError('NamespaceNotFound', 'ns not found');
      default: return ERR.noSuchCommand(clip(req.name, 128));
    }
  }

  private hello(legacy: boolean, b: Decoded): BsonDoc {
    const mechsFor = b.get('saslSupportedMechs');
    let speculative: BsonDoc | undefined;
    const spec = asDoc(b.get('speculativeAuthenticate'));
    if (spec && spec.has('saslStart')) {
      const db = typeof spec.get('db') === 'string' ? String(spec.get('db')) : 'admin';
      const r = this.saslStart(spec, db, true);
      // mongod omits the field when the speculative attempt failed; the client then runs saslStart itself.
      if (r['ok'] === 1) speculative = { conversationId: r['conversationId'], done: false, payload: r['payload'] };
    }
    return helloReply(this.p, this.st.connectionId, this.st.startedAtMs, this.ctx.now(), {
      legacy,
      helloOk: b.has('helloOk'),
      // Users created since 4.0 have both SCRAM credentials: claim the asked-for user is one of them.
      saslSupportedMechs: typeof mechsFor === 'string' && mechsFor.includes('.') ? [...SCRAM_MECHANISMS] : undefined,
      speculativeAuthenticate: speculative,
    });
  }

  private payloadOf(b: Decoded): Uint8Array | undefined {
    const v = b.get('payload');
    if (v instanceof Binary) return v.bytes;
    if (typeof v === 'string') return Buffer.from(v, 'utf8');
    return undefined;
  }

  private saslStart(b: Decoded, db: string, speculative: boolean): BsonDoc {
    const mechanism = typeof b.get('mechanism') === 'string' ? clip(String(b.get('mechanism')), 64) : '';
    const payload = this.payloadOf(b) ?? new Uint8Array();
    if (mechanism === 'PLAIN') return this.plain(payload, db);
    if (!(SCRAM_MECHANISMS as readonly string[]).includes(mechanism)) {
      this.ctx.emit('auth_start', { mechanism, db: clip(db, 128), speculative });
      return ERR.mechanism(mechanism);
    }
    const first = parseClientFirst(payload);
    this.ctx.emit('auth_start', { mechanism, username: first ? clip(first.user) : undefined, db: clip(db, 128), speculative });
    if (!first) return ERR.authFailed();
    const scram = serverFirst(mechanism as ScramMechanism, first, this.ctx.persona.seed);
    const id = this.st.nextConversation++;
    this.st.conversation = { id, scram, db };
    return { conversationId: new Int32(id), done: false, payload: new Binary(Buffer.from(scram.serverFirst, 'utf8')), ok: 1 };
  }

  private saslContinue(b: Decoded): BsonDoc {
    const conv = this.st.conversation;
    if (!conv || asNumber(b.get('conversationId')) !== conv.id) return ERR.noConversation();
    this.st.conversation = undefined;
    const final = parseClientFinal(this.payloadOf(b) ?? new Uint8Array());
    const s = conv.scram;
    if (!final) {
      this.ctx.emit('auth', { mechanism: s.mechanism, username: clip(s.user), db: clip(conv.db, 128), outcome: 'failure', error: 'malformed client-final' });
      return ERR.authFailed();
    }
    const kind = s.mechanism === 'SCRAM-SHA-1' ? 'scram_sha1' : 'scram_sha256';
    const user = clip(s.user);
    this.ctx.emit('auth', {
      ...credentialFields(user, crackLine(s, final), kind, 'failure', user),
      mechanism: s.mechanism, db: clip(conv.db, 128), iterations: s.iterations, salt_b64: s.salt.toString('base64'),
      client_nonce: clip(s.clientNonce), server_nonce: s.serverNonce, client_proof_b64: final.proof.toString('base64').slice(0, 128),
      auth_message: clip(authMessage(s, final), 1024), nonce_ok: final.nonce === `${s.clientNonce}${s.serverNonce}`,
    });
    return ERR.authFailed();
  }

  /** PLAIN (LDAP proxy auth, Enterprise only): the password arrives in clear; community mongod refuses it. */
  private plain(payload: Uint8Array, db: string): BsonDoc {
    const parts = Buffer.from(payload).toString('utf8').split('\0');
    const user = clip(parts[1] ?? '');
    this.ctx.emit('auth_start', { mechanism: 'PLAIN', username: user, db: clip(db, 128), speculative: false });
    if (parts.length === 3) this.ctx.emit('auth', { ...credentialFields(user, parts[2] ?? '', 'plaintext', 'failure', user), mechanism: 'PLAIN', db: clip(db, 128) });
    return ERR.mechanism('PLAIN');
  }

  private emptyCursor(req: CommandRequest): BsonDoc {
    const coll = req.body.get(req.name);
    const ns = `${req.db}.${req.name === 'listCollections' ? '$cmd.listCollections' : typeof coll === 'string' ? coll : '$cmd.aggregate'}`;
    return { cursor: { firstBatch: [], id: new Long(0n), ns: clip(ns, 256) }, ok: 1 };
  }

  private cmdLine(): BsonDoc {
    if (this.p.targetOs === 'windows') {
      // The MSI installs a service running mongod.exe with its mongod.cfg beside it.
      const dir = `C:\\Program Files\\MongoDB\\Server\\${this.p.version.split('.').slice(0, 2).join('.')}\\`;
      return {
        argv: [`${dir}bin\\mongod.exe`, '--config', `${dir}bin\\mongod.cfg`, '--service'],
        parsed: { config: `${dir}bin\\mongod.cfg`, net: { bindIp: '0.0.0.0', port: new Int32(27017) }, service: true, storage: { dbPath: `${dir}data` }, systemLog: { destination: 'file', logAppend: true, path: `${dir}log\\mongod.log` } },
        ok: 1,
      };
    }
    const rhel = this.p.distmod.startsWith('rhel');
    return {
      argv: ['/usr/bin/mongod', '--config', '/etc/mongod.conf'],
      parsed: { config: '/etc/mongod.conf', net: { bindIp: '0.0.0.0', port: new Int32(27017) }, processManagement: { timeZoneInfo: '/usr/share/zoneinfo' }, storage: { dbPath: rhel ? '/var/lib/mongo' : '/var/lib/mongodb' }, systemLog: { destination: 'file', logAppend: true, path: '/var/log/mongodb/mongod.log' } },
      ok: 1,
    };
  }
}
