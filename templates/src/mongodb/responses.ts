// mongod's replies, field for field as a standalone server sends them: hello/isMaster, buildInfo,
// listDatabases, serverStatus, getLog, command errors (errmsg/code/codeName), and the OP_MSG / OP_REPLY
// envelopes (OP_REPLY carries responseFlags AwaitCapable, as mongod sets it).
import { encodeDocument, Int32, Long, ObjectId, type BsonDoc, type BsonValue } from './bson';
import { OP } from './parser';
import type { MongodbPersona } from './persona';

function header(length: number, requestId: number, responseTo: number, opCode: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(requestId | 0, 4);
  h.writeInt32LE(responseTo | 0, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

export function opMsgReply(requestId: number, responseTo: number, doc: BsonDoc): Buffer {
  const body = encodeDocument(doc);
  return Buffer.concat([header(16 + 5 + body.length, requestId, responseTo, OP.MSG), Buffer.alloc(4), Buffer.from([0]), body]);
}

/** OP_REPLY: responseFlags (8 = AwaitCapable), cursorID 0, startingFrom 0, numberReturned, documents. */
export function opReply(requestId: number, responseTo: number, docs: BsonDoc[]): Buffer {
  const bodies = docs.map((d) => encodeDocument(d));
  const fixed = Buffer.alloc(20);
  fixed.writeInt32LE(8, 0);
  fixed.writeInt32LE(docs.length, 16);
  const size = 16 + 20 + bodies.reduce((n, b) => n + b.length, 0);
  return Buffer.concat([header(size, requestId, responseTo, OP.REPLY), fixed, ...bodies]);
}

export const CODES = {
  ProtocolError: 17, AuthenticationFailed: 18, NamespaceNotFound: 26, CommandNotFound: 59, MechanismUnavailable: 334,
  UnsupportedOpQueryCommand: 352, BadValue: 2, Unauthorized: 13,
} as const;

export function commandError(code: keyof typeof CODES, errmsg: string): BsonDoc {
  return { ok: 0, errmsg, code: new Int32(CODES[code]), codeName: code };
}

export const ERR = {
  authFailed: (): BsonDoc => commandError('AuthenticationFailed', 'Authentication failed.'),
  noSuchCommand: (name: string): BsonDoc => commandError('CommandNotFound', `no such command: '${name}'`),
  opQuery: (name: string): BsonDoc =>
    commandError('UnsupportedOpQueryCommand', `Unsupported OP_QUERY command: ${name}. The client driver may require an upgrade. For more details see https://dochub.mongodb.org/core/legacy-opcode-removal`),
  mechanism: (mech: string): BsonDoc => commandError('MechanismUnavailable', `Received authentication for mechanism ${mech} which is unknown or not enabled`),
  noConversation: (): BsonDoc => commandError('ProtocolError', 'No SASL session state found'),
};

/** ObjectId of the process: startup time, then the persona's fixed 8 bytes. */
export function processObjectId(p: MongodbPersona, startedAtMs: number): ObjectId {
  const b = Buffer.alloc(12);
  b.writeUInt32BE(Math.floor(startedAtMs / 1000) >>> 0, 0);
  Buffer.from(p.processId, 'hex').copy(b, 4, 0, 8);
  return new ObjectId(b);
}

export interface HelloExtras {
  legacy: boolean;
  helloOk: boolean;
  saslSupportedMechs?: string[];
  speculativeAuthenticate?: BsonDoc;
}

export function helloReply(p: MongodbPersona, connectionId: number, startedAtMs: number, now: Date, x: HelloExtras): BsonDoc {
  const doc: BsonDoc = x.legacy ? { ismaster: true } : { isWritablePrimary: true };
  if (p.maxWireVersion >= 9) doc['topologyVersion'] = { processId: processObjectId(p, startedAtMs), counter: new Long(0n) };
  if (x.helloOk) doc['helloOk'] = true;
  Object.assign(doc, {
    maxBsonObjectSize: new Int32(16_777_216), maxMessageSizeBytes: new Int32(48_000_000), maxWriteBatchSize: new Int32(100_000),
    localTime: now, logicalSessionTimeoutMinutes: new Int32(30), connectionId: new Int32(connectionId),
    minWireVersion: new Int32(0), maxWireVersion: new Int32(p.maxWireVersion), readOnly: false,
  });
  if (x.saslSupportedMechs) doc['saslSupportedMechs'] = x.saslSupportedMechs;
  if (x.speculativeAuthenticate) doc['speculativeAuthenticate'] = x.speculativeAuthenticate;
  doc['ok'] = 1;
  return doc;
}

function toolchain(p: MongodbPersona): { cc: string; cxx: string } {
  if (p.targetOs === 'windows') return { cc: 'cl: Microsoft (R) C/C++ Optimizing Compiler Version 19.31.31107 for x64', cxx: 'cl: Microsoft (R) C/C++ Optimizing Compiler Version 19.31.31107 for x64' };
  const gcc = p.maxWireVersion >= 21 ? 'gcc (GCC) 11.3.0' : 'gcc (GCC) 8.5.0';
  const v = p.maxWireVersion >= 21 ? 'v4' : 'v3';
  return { cc: `/opt/mongodbtoolchain/${v}/bin/gcc: ${gcc}`, cxx: `/opt/mongodbtoolchain/${v}/bin/g++: ${gcc.replace('gcc', 'g++')}` };
}

export function buildInfoReply(p: MongodbPersona): BsonDoc {
  const nums = p.version.split('.').map((x) => Number.parseInt(x, 10) || 0);
  const { cc, cxx } = toolchain(p);
  const doc: BsonDoc = {
    version: p.version, gitVersion: p.gitVersion, modules: [], allocator: 'tcmalloc', javascriptEngine: 'mozjs', sysInfo: 'deprecated',
    versionArray: [...nums, 0, 0, 0].slice(0, 4).map((n) => new Int32(n)),
  };
  if (p.openssl) doc['openssl'] = { running: p.openssl, compiled: p.openssl };
  doc['buildEnvironment'] = {
    distmod: p.distmod, distarch: p.distarch, cc, ccflags: '-Werror -include mongo/platform/basic.h -ffp-contract=off -fasynchronous-unwind-tables -g2 -Wall -Wsign-compare -Wno-unknown-pragmas -Winvalid-pch -gdwarf-5 -fno-omit-frame-pointer -fno-strict-aliasing -O2 -march=sandybridge -mtune=generic -mprefer-vector-width=128 -Wno-unused-local-typedefs -Wno-unused-function -Wno-deprecated-declarations -Wno-unused-const-variable -Wno-unused-but-set-variable -Wno-missing-braces -fstack-protector-strong -gdwarf64 -Wa,--nocompress-debug-sections -fno-builtin-memcmp',
    cxx, cxxflags: `-Woverloaded-virtual -Wpessimizing-move -Wno-maybe-uninitialized -fsized-deallocation -Wno-deprecated -std=c++${p.maxWireVersion >= 21 ? 20 : 17}`,
    linkflags: `-Wl,--fatal-warnings -B/opt/mongodbtoolchain/${p.maxWireVersion >= 21 ? 'v4' : 'v3'}/bin -gdwarf-5 -pthread -Wl,-z,now -fuse-ld=lld -fstack-protector-strong -gdwarf64 -Wl,--no-threads -Wl,--build-id -Wl,--hash-style=gnu -Wl,-z,noexecstack -Wl,--warn-execstack -Wl,-z,relro -Wl,--compress-debug-sections=none -Wl,-z,origin -Wl,--enable-new-dtags`,
    target_arch: p.distarch, target_os: p.targetOs,
    cppdefines: 'SAFEINT_USE_INTRINSICS 0 PCRE2_STATIC NDEBUG _XOPEN_SOURCE 700 _GNU_SOURCE _FORTIFY_SOURCE 2 ABSL_FORCE_ALIGNED_ACCESS BOOST_ENABLE_ASSERT_DEBUG_HANDLER BOOST_FILESYSTEM_NO_CXX20_ATOMIC_REF BOOST_LOG_NO_SHORTHAND_NAMES BOOST_LOG_USE_NATIVE_SYSLOG BOOST_LOG_WITHOUT_THREAD_ATTR BOOST_MATH_NO_LONG_DOUBLE_MATH_FUNCTIONS BOOST_SYSTEM_NO_DEPRECATED BOOST_THREAD_USES_DATETIME BOOST_THREAD_VERSION 5',
  };
  Object.assign(doc, { bits: new Int32(64), debug: false, maxBsonObjectSize: new Int32(16_777_216), storageEngines: p.storageEngines, ok: 1 });
  return doc;
}

const SYSTEM_DBS: Array<{ name: string; sizeOnDisk: number }> = [{ name: 'admin', sizeOnDisk: 102_400 }, { name: 'config', sizeOnDisk: 110_592 }, { name: 'local', sizeOnDisk: 73_728 }];

export function listDatabasesReply(p: MongodbPersona, nameOnly: boolean): BsonDoc {
  const all = [...SYSTEM_DBS, ...p.databases].sort((a, b) => a.name.localeCompare(b.name));
  if (nameOnly) return { databases: all.map((d) => ({ name: d.name })), ok: 1 };
  // 6.0+ report sizes as int64; 4.4 as doubles.
  const size = (n: number): BsonValue => (p.maxWireVersion >= 17 ? new Long(BigInt(n)) : n);
  const total = all.reduce((n, d) => n + d.sizeOnDisk, 0);
  return {
    databases: all.map((d) => ({ name: d.name, sizeOnDisk: size(d.sizeOnDisk), empty: false })),
    totalSize: size(total), totalSizeMb: size(Math.floor(total / 1_048_576)), ok: 1,
  };
}

export function serverStatusReply(p: MongodbPersona, host: string, startedAtMs: number, now: Date, connections: number): BsonDoc {
  const upMs = Math.max(1000, now.getTime() - startedAtMs);
  return {
    host, version: p.version, process: 'mongod', pid: new Long(BigInt(p.pid)), uptime: Math.floor(upMs / 1000), uptimeMillis: new Long(BigInt(upMs)),
    uptimeEstimate: new Long(BigInt(Math.floor(upMs / 1000))), localTime: now,
    asserts: { regular: new Int32(0), warning: new Int32(0), msg: new Int32(0), user: new Int32(Math.floor(upMs / 3_600_000) % 97), rollovers: new Int32(0) },
    connections: { current: new Int32(connections), available: new Int32(838_860 - connections), totalCreated: new Int32(connections + Math.floor(upMs / 90_000)), active: new Int32(1) },
    ok: 1,
  };
}

/** Startup warnings a default package install logs (no access control, the XFS hint on ext4). */
export function getLogReply(which: string, startedAtMs: number): BsonDoc {
  if (which === '*') return { names: ['global', 'startupWarnings'], ok: 1 };
  const t = new Date(startedAtMs + 1200).toISOString().replace('Z', '+00:00');
  const line = (id: number, msg: string): string =>
    JSON.stringify({ t: { $date: t }, s: 'W', c: 'CONTROL', id, ctx: 'initandlisten', msg, tags: ['startupWarnings'] });
  const log = [
    line(22120, 'Access control is not enabled for the database. Read and write access to data and configuration is unrestricted'),
    line(22178, '/sys/kernel/mm/transparent_hugepage/enabled is \'always\'. We suggest setting it to \'never\' in this binary version'),
  ];
  if (which !== 'startupWarnings' && which !== 'global') return commandError('BadValue', `Invalid log name: ${which.slice(0, 64)}`);
  return { totalLinesWritten: new Int32(log.length), log, ok: 1 };
}
