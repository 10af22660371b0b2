// mongodb template: the handshake and recon replies per persona release, SCRAM-SHA-1/256 with the
// proof recomputed from the password (so the capture is crackable), mongod's OP_QUERY refusal from
// 5.1 on, real pymongo (server_info, list_database_names, SCRAM logins) and nmap -sV.
import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplePersona, hasBinary, nmapServiceLine, runCli, serveTemplate, startSession, type Served } from '../_testing';
import { Binary, decodeDocument, encodeDocument, Int32, type BsonDoc, type Decoded } from './bson';
import { mongodbTemplate, type MongodbConfig } from './index';
import { OP } from './parser';
import { releaseFacts } from './persona';
import { buildInfoProbe } from './probe';

const PY = '/usr/bin/python3';

function opMsg(doc: BsonDoc, requestId = 7): Buffer {
  const body = encodeDocument(doc);
  const h = Buffer.alloc(21);
  h.writeInt32LE(21 + body.length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(OP.MSG, 12);
  return Buffer.concat([h, body]);
}

/** Every reply document in the bytes received so far (OP_MSG or OP_REPLY). */
function replies(bytes: Buffer): Decoded[] {
  const out: Decoded[] = [];
  for (let p = 0; p + 16 <= bytes.length;) {
    const len = bytes.readInt32LE(p);
    const op = bytes.readInt32LE(p + 12);
    if (op === OP.MSG) out.push(decodeDocument(bytes.subarray(p + 21, p + len)));
    else if (op === OP.REPLY && bytes.readInt32LE(p + 32) > 0) out.push(decodeDocument(bytes.subarray(p + 36, p + len)));
    p += len;
  }
  return out;
}

/** RFC 5802 ClientProof for a password, MongoDB's SCRAM-SHA-1 pre-hash included. */
function proofFor(mech: string, user: string, password: string, salt: Buffer, iterations: number, authMessage: string): Buffer {
  const hash = mech === 'SCRAM-SHA-1' ? 'sha1' : 'sha256';
  const pw = mech === 'SCRAM-SHA-1' ? createHash('md5').update(`${user}:mongo:${password}`).digest('hex') : password;
  const salted = pbkdf2Sync(pw, salt, iterations, hash === 'sha1' ? 20 : 32, hash);
  const clientKey = createHmac(hash, salted).update('Client Key').digest();
  const stored = createHash(hash).update(clientKey).digest();
  const sig = createHmac(hash, stored).update(authMessage).digest();
  return Buffer.from(clientKey.map((b, i) => b ^ (sig[i] ?? 0)));
}

const persona = (version: string): ReturnType<typeof examplePersona> => {
  const base = examplePersona();
  return examplePersona({ services: { mongodb: { ...base.services.mongodb, ...releaseFacts(version, () => 'f'.repeat(40)), distmod: version.startsWith('4.4') ? 'ubuntu2004' : 'ubuntu2204' } } });
};

describe('mongodb session', () => {
  it('answers hello, buildInfo and listDatabases from the persona', async () => {
    const { peer, ctx } = startSession(mongodbTemplate);
    const p = ctx.persona.services.mongodb;
    peer.send(opMsg({ hello: new Int32(1), helloOk: true, $db: 'admin' }, 1));
    peer.send(opMsg({ buildInfo: new Int32(1), $db: 'admin' }, 2));
    peer.send(opMsg({ listDatabases: new Int32(1), $db: 'admin' }, 3));
    await peer.until(() => replies(peer.bytes).length === 3);
    const [hello, build, list] = replies(peer.bytes);
    expect(hello?.get('isWritablePrimary')).toBe(true);
    expect(hello?.get('helloOk')).toBe(true);
    expect((hello?.get('maxWireVersion') as Int32).value).toBe(p.maxWireVersion);
    expect(build?.get('version')).toBe(p.version);
    expect(build?.get('gitVersion')).toBe(p.gitVersion);
    const names = (list?.get('databases') as Decoded[]).map((d) => d.get('name'));
    expect(names).toEqual(expect.arrayContaining(['admin', 'config', 'local', ...p.databases.map((d) => d.name)]));
    expect(ctx.eventsOf('message').map((e) => e.fields.command)).toEqual(['hello', 'buildInfo', 'listDatabases']);
  });

  it('runs a SCRAM-SHA-256 conversation, captures a proof that the password reproduces, and fails like mongod', async () => {
    const { peer, ctx } = startSession(mongodbTemplate);
    const clientFirstBare = 'n=admin,r=fyko+d2lbbFgONRv9qkxdawL';
    peer.send(opMsg({ saslStart: new Int32(1), mechanism: 'SCRAM-SHA-256', payload: new Binary(Buffer.from(`n,,${clientFirstBare}`)), autoAuthorize: new Int32(1), $db: 'admin' }, 1));
    await peer.until(() => replies(peer.bytes).length === 1);
    const start = replies(peer.bytes)[0]!;
    const serverFirst = Buffer.from((start.get('payload') as Binary).bytes).toString();
    const m = /^r=(.+),s=(.+),i=(\d+)$/.exec(serverFirst)!;
    expect(m[1]!.startsWith('fyko+d2lbbFgONRv9qkxdawL')).toBe(true);
    expect(Buffer.from(m[2]!, 'base64')).toHaveLength(28);
    expect(m[3]).toBe('15000');
    const withoutProof = `c=biws,r=${m[1]}`;
    const am = `${clientFirstBare},${serverFirst},${withoutProof}`;
    const proof = proofFor('SCRAM-SHA-256', 'admin', 'Winter2024!', Buffer.from(m[2]!, 'base64'), 15000, am);
    peer.clear();
    peer.send(opMsg({ saslContinue: new Int32(1), conversationId: start.get('conversationId')!, payload: new Binary(Buffer.from(`${withoutProof},p=${proof.toString('base64')}`)), $db: 'admin' }, 2));
    await peer.until(() => replies(peer.bytes).length === 1);
    const fail = replies(peer.bytes)[0]!;
    expect([fail.get('ok'), fail.get('errmsg'), (fail.get('code') as Int32).value, fail.get('codeName')]).toEqual([0, 'Authentication failed.', 18, 'AuthenticationFailed']);
    expect(ctx.eventsOf('auth_start')[0]?.fields).toMatchObject({ mechanism: 'SCRAM-SHA-256', username: 'admin' });
    const auth = ctx.eventsOf('auth')[0]!.fields;
    expect(auth).toMatchObject({ principal: 'admin', secret_kind: 'scram_sha256', outcome: 'failure', auth_message: am, nonce_ok: true });
    const secret = Buffer.from(String(auth.secret_b64), 'base64').toString();
    const [, , mech, iters, salt, amB64, proofB64] = secret.split('$');
    expect([mech, iters, salt]).toEqual(['SCRAM-SHA-256', '15000', m[2]]);
    // The secret alone is enough to test a password candidate offline.
    expect(proofFor(mech!, 'admin', 'Winter2024!', Buffer.from(salt!, 'base64'), Number(iters), Buffer.from(amB64!, 'base64').toString())).toEqual(Buffer.from(proofB64!, 'base64'));
  });

  it('keeps a user\'s salt fixed across attempts, as a stored credential is', async () => {
    const salts = [];
    for (let i = 0; i < 2; i++) {
      const { peer } = startSession(mongodbTemplate);
      peer.send(opMsg({ saslStart: new Int32(1), mechanism: 'SCRAM-SHA-1', payload: new Binary(Buffer.from(`n,,n=root,r=abc${i}`)), $db: 'admin' }));
      await peer.until(() => replies(peer.bytes).length === 1);
      salts.push(/s=([^,]+)/.exec(Buffer.from((replies(peer.bytes)[0]!.get('payload') as Binary).bytes).toString())?.[1]);
    }
    expect(salts[0]).toBe(salts[1]);
    expect(Buffer.from(salts[0]!, 'base64')).toHaveLength(16);
  });

  it('refuses legacy OP_QUERY commands from 5.1 on (serverStatus: code 352) but serves them on 4.4', async () => {
    const serverStatus = Buffer.from('\x41\0\0\0\x3a\x30\0\0\xff\xff\xff\xff\xd4\x07\0\0\0\0\0\0test.$cmd\0\0\0\0\0\xff\xff\xff\xff\x1b\0\0\0\x01serverStatus\0\0\0\0\0\0\0\xf0\x3f\0', 'latin1');
    const modern = startSession(mongodbTemplate, { persona: persona('7.0.2') });
    modern.peer.send(serverStatus);
    await modern.peer.until(() => replies(modern.peer.bytes).length === 1);
    const err = replies(modern.peer.bytes)[0]!;
    expect(err.get('errmsg')).toBe('Unsupported OP_QUERY command: serverStatus. The client driver may require an upgrade. For more details see https://dochub.mongodb.org/core/legacy-opcode-removal');
    expect(modern.peer.bytes.readInt32LE(16)).toBe(8);
    const old = startSession(mongodbTemplate, { persona: persona('4.4.13') });
    old.peer.send(serverStatus);
    await old.peer.until(() => replies(old.peer.bytes).length === 1);
    expect(replies(old.peer.bytes)[0]!.get('version')).toBe('4.4.13');
    // buildinfo stays allowed over OP_QUERY everywhere.
    const build = startSession(mongodbTemplate, { persona: persona('7.0.2') });
    build.peer.send(buildInfoProbe());
    await build.peer.until(() => replies(build.peer.bytes).length === 1);
    expect(replies(build.peer.bytes)[0]!.get('version')).toBe('7.0.2');
  });

  it('takes the release from config `version` with the facts that follow from it', async () => {
    const { peer } = startSession(mongodbTemplate, { config: { version: '4.4.6' } });
    peer.send(opMsg({ buildInfo: new Int32(1), $db: 'admin' }, 1));
    peer.send(opMsg({ isMaster: new Int32(1), $db: 'admin' }, 2));
    await peer.until(() => replies(peer.bytes).length === 2);
    const [build, hello] = replies(peer.bytes);
    expect([build?.get('version'), build?.get('gitVersion'), build?.get('storageEngines')]).toEqual(['4.4.6', '72e66213c2c3eab37d9358d5e78ad7f5c1d0d0d7', ['biggie', 'devnull', 'ephemeralForTest', 'wiredTiger']]);
    expect([hello?.get('ismaster'), (hello?.get('maxWireVersion') as Int32).value]).toEqual([true, 9]);
  });

  it('answers HTTP on the driver port with mongod\'s hint and closes on garbage', async () => {
    const http = startSession(mongodbTemplate);
    http.peer.send('GET / HTTP/1.0\r\n\r\n');
    await http.peer.untilClosed();
    expect(http.peer.text).toContain('It looks like you are trying to access MongoDB over HTTP on the native driver port.');
    const junk = startSession(mongodbTemplate);
    junk.peer.send(Buffer.from([0x05, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]));
    await junk.peer.untilClosed();
    expect(junk.ctx.eventsOf('protocol_error')).toHaveLength(1);
    expect(junk.ctx.uncatalogued()).toEqual([]);
  });
});

const SCRIPT = `
import json, sys, pymongo
port = int(sys.argv[1]); mode = sys.argv[2]
if mode == 'recon':
    c = pymongo.MongoClient('127.0.0.1', port, serverSelectionTimeoutMS=5000, appname='recon')
    print(json.dumps({'version': c.server_info()['version'], 'dbs': c.list_database_names()}))
else:
    c = pymongo.MongoClient('127.0.0.1', port, username=sys.argv[3], password=sys.argv[4], authSource='admin', authMechanism=mode, serverSelectionTimeoutMS=5000)
    try:
        c.admin.command('ping'); print(json.dumps({'ok': True}))
    except pymongo.errors.OperationFailure as e:
        print(json.dumps({'ok': False, 'code': e.code, 'msg': e.details.get('errmsg')}))
`;

describe.runIf(hasBinary(PY))('mongodb with real clients', () => {
  let served: Served<MongodbConfig>;
  beforeAll(async () => {
    served = await serveTemplate(mongodbTemplate);
  });
  afterAll(() => served.close());

  it('pymongo reads server_info and list_database_names', async () => {
    const r = await runCli(PY, ['-c', SCRIPT, String(served.port), 'recon']);
    const out = JSON.parse(r.stdout || r.stderr) as { version: string; dbs: string[] };
    const p = served.contexts[0]!.persona.services.mongodb;
    expect(out.version).toBe(p.version);
    expect(out.dbs).toEqual([...new Set(['admin', 'config', 'local', ...p.databases.map((d) => d.name)])].sort());
    expect(served.events().some((e) => e.msgid === 'message' && e.fields.command === 'listDatabases')).toBe(true);
    expect(served.events().find((e) => e.fields.client_driver)?.fields.client_driver).toMatch(/^PyMongo 3\./);
  });

  // DEFAULT: the driver asks saslSupportedMechs for the user and picks SCRAM-SHA-256 from the answer.
  it.each([['SCRAM-SHA-1', 'scram_sha1', 'SCRAM-SHA-1'], ['SCRAM-SHA-256', 'scram_sha256', 'SCRAM-SHA-256'], ['DEFAULT', 'scram_sha256', 'SCRAM-SHA-256']])('pymongo %s login is captured (%s) and fails with code 18', async (option, kind, mech) => {
    const before = served.events().length;
    const r = await runCli(PY, ['-c', SCRIPT, String(served.port), option, 'backup', 'Tr0ub4dor&3']);
    expect(JSON.parse(r.stdout || r.stderr)).toMatchObject({ ok: false, code: 18, msg: 'Authentication failed.' });
    // PyMongo 3.11 opens the conversation inside the handshake (speculativeAuthenticate).
    expect(served.events().slice(before).find((e) => e.msgid === 'auth_start')?.fields).toMatchObject({ mechanism: mech, username: 'backup', speculative: true });
    const auth = served.events().slice(before).find((e) => e.msgid === 'auth')!.fields;
    expect(auth).toMatchObject({ principal: 'backup', secret_kind: kind, mechanism: mech, outcome: 'failure', nonce_ok: true });
    const [, , m, iters, salt, am, proof] = Buffer.from(String(auth.secret_b64), 'base64').toString().split('$');
    expect(proofFor(m!, 'backup', 'Tr0ub4dor&3', Buffer.from(salt!, 'base64'), Number(iters), Buffer.from(am!, 'base64').toString())).toEqual(Buffer.from(proof!, 'base64'));
    expect(proofFor(m!, 'backup', 'wrong', Buffer.from(salt!, 'base64'), Number(iters), Buffer.from(am!, 'base64').toString())).not.toEqual(Buffer.from(proof!, 'base64'));
  });
});

describe.runIf(hasBinary('nmap'))('mongodb under nmap -sV', () => {
  it('names MongoDB and a 4.4 persona\'s version (serverStatus over OP_QUERY); mongodb-databases lists the persona\'s', async () => {
    const served = await serveTemplate(mongodbTemplate, { persona: persona('4.4.13') });
    const out = join(mkdtempSync(join(tmpdir(), 'decnet-nmap-out-')), 'scan.txt');
    try {
      const line = await nmapServiceLine(served.port, { asPorts: ['mongodb'], extra: ['--script', 'mongodb-databases,mongodb-info', '-oN', out] });
      console.info(`nmap: ${line}`);
      expect(line).toMatch(/open\s+mongodb\s+MongoDB 4\.4\.13/);
      const report = readFileSync(out, 'utf8');
      for (const d of served.contexts[0]!.persona.services.mongodb.databases) expect(report).toContain(d.name);
      expect(report).toContain('gitVersion = df25c71b8674a78e17468f48bcda5285decb9246');
    } finally {
      rmSync(dirname(out), { recursive: true, force: true });
      await served.close();
    }
  }, 90_000);

  it('names no version for 7.0, exactly as against a real mongod >= 5.1 (OP_QUERY serverStatus refused)', async () => {
    const served = await serveTemplate(mongodbTemplate, { persona: persona('7.0.2') });
    try {
      const line = await nmapServiceLine(served.port, { asPorts: ['mongodb'] });
      console.info(`nmap: ${line}`);
      // Only the HTTP-on-driver-port hint matches (nmap's softmatch), as for a real 7.0.
      expect(line).toMatch(/open\s+mongodb\s+MongoDB 2\.5\.1 or later/);
      expect(line).not.toContain('7.0.2');
    } finally {
      await served.close();
    }
  }, 90_000);
});
