// PostgreSQL template: SSLRequest/GSSENCRequest answers, MD5 and SCRAM-SHA-256 captures that
// recompute from the password, PostgreSQL's exact error fields; then psql (MD5, SCRAM, sslmode=require)
// and nmap -sV under the real runner.
import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplePersona, hasBinary, nmapServiceLine, runCli, startSession } from '../_testing';
import { serveDerived, type DerivedServed } from '../_testing/serve-derived';
import { postgresTemplate } from './index';
import { CODE } from './parser';

const md5 = (b: Buffer | string): string => createHash('md5').update(b).digest('hex');
const hmac = (k: Buffer, s: string | Buffer): Buffer => createHmac('sha256', k).update(s).digest();

function startupPacket(params: Record<string, string>, code: number = CODE.V3): Buffer {
  const body = Buffer.from(`${Object.entries(params).map(([k, v]) => `${k}\0${v}\0`).join('')}\0`, 'latin1');
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length + 8, 0);
  head.writeUInt32BE(code >>> 0, 4);
  return Buffer.concat([head, body]);
}
function message(type: string, body: Buffer): Buffer {
  const h = Buffer.alloc(5);
  h.write(type, 0, 'latin1');
  h.writeUInt32BE(body.length + 4, 1);
  return Buffer.concat([h, body]);
}
/** RFC 5802 ClientProof = ClientKey XOR HMAC(H(ClientKey), AuthMessage). */
function scramProof(password: string, saltB64: string, iterations: number, authMessage: string): Buffer {
  const salted = pbkdf2Sync(password, Buffer.from(saltB64, 'base64'), iterations, 32, 'sha256');
  const clientKey = hmac(salted, 'Client Key');
  const sig = hmac(createHash('sha256').update(clientKey).digest(), authMessage);
  return Buffer.from(clientKey.map((b, i) => b ^ (sig[i] ?? 0)));
}
function errorFields(bytes: Buffer): Record<string, string> {
  expect(bytes.subarray(0, 1).toString()).toBe('E');
  const out: Record<string, string> = {};
  for (const f of bytes.subarray(5, bytes.readUInt32BE(1) + 1).toString('utf8').split('\0').filter(Boolean)) out[f[0]!] = f.slice(1);
  return out;
}

describe('postgres session', () => {
  it('answers SSLRequest N when ssl is off, GSSENCRequest N, then captures an MD5 response', async () => {
    const { peer, ctx } = startSession(postgresTemplate, { config: { auth: 'md5', ssl: 'off' } });
    const ssl = Buffer.alloc(8);
    ssl.writeUInt32BE(8, 0);
    ssl.writeUInt32BE(CODE.SSL, 4);
    const gss = Buffer.from(ssl);
    gss.writeUInt32BE(CODE.GSSENC, 4);
    peer.send(Buffer.concat([ssl, gss]));
    await peer.until('NN');
    peer.clear();
    peer.send(startupPacket({ user: 'app', database: 'shop', application_name: 'psql' }));
    const r = Buffer.from(await peer.until((t) => t.length >= 13), 'latin1');
    expect(r.subarray(0, 9)).toEqual(Buffer.from([0x52, 0, 0, 0, 12, 0, 0, 0, 5]));
    const salt = r.subarray(9, 13);
    const response = `md5${md5(Buffer.concat([Buffer.from(md5('Winter2024app')), salt]))}`;
    peer.clear();
    peer.send(message('p', Buffer.from(`${response}\0`)));
    await peer.untilClosed();
    const e = errorFields(peer.bytes);
    expect(e).toMatchObject({ S: 'FATAL', V: 'FATAL', C: '28P01', M: 'password authentication failed for user "app"', F: 'auth.c', R: 'auth_failed' });
    expect(ctx.eventsOf('startup')[0]?.fields).toMatchObject({ username: 'app', database: 'shop', application_name: 'psql' });
    const auth = ctx.eventsOf('auth')[0]?.fields;
    expect(auth).toMatchObject({ secret_kind: 'postgres_md5_challenge', principal: 'app', pw_hash: response, salt: salt.toString('hex') });
    expect(Buffer.from(String(auth?.secret_b64), 'base64').toString()).toBe(`${response}:${salt.toString('hex')}`);
  });

  it('runs a SCRAM-SHA-256 exchange whose captured proof recomputes from the password', async () => {
    const { peer, ctx } = startSession(postgresTemplate, { config: { auth: 'scram-sha-256' } });
    peer.send(startupPacket({ user: 'postgres' }));
    expect(await peer.until('SCRAM-SHA-256\0\0')).not.toContain('PLUS');
    peer.clear();
    const clientFirstBare = 'n=,r=rOprNGfwEbeRWgbNEkqO';
    const init = Buffer.from(clientFirstBare.length + 3 > 0 ? `SCRAM-SHA-256\0` : '', 'latin1');
    const data = Buffer.from(`n,,${clientFirstBare}`);
    const len = Buffer.alloc(4);
    len.writeInt32BE(data.length);
    peer.send(message('p', Buffer.concat([init, len, data])));
    const cont = await peer.until(/i=\d+$/);
    const serverFirst = cont.slice(9);
    const m = /^r=([^,]+),s=([^,]+),i=(\d+)$/.exec(serverFirst);
    expect(m?.[1]?.startsWith('rOprNGfwEbeRWgbNEkqO')).toBe(true);
    const withoutProof = `c=biws,r=${m?.[1]}`;
    const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
    const proof = scramProof('Tr0ub4dor&3', m?.[2] ?? '', Number(m?.[3]), authMessage);
    peer.clear();
    peer.send(message('p', Buffer.from(`${withoutProof},p=${proof.toString('base64')}`)));
    await peer.untilClosed();
    expect(errorFields(peer.bytes).M).toBe('password authentication failed for user "postgres"');
    const auth = ctx.eventsOf('auth')[0]?.fields;
    expect(auth).toMatchObject({ secret_kind: 'scram_sha256', auth_message: authMessage, iterations: 4096, salt: m?.[2], client_proof: proof.toString('base64') });
    // The salt is stable per decky and user, as a stored verifier's is.
    const again = startSession(postgresTemplate, { config: { auth: 'scram-sha-256' } });
    again.peer.send(startupPacket({ user: 'postgres' }));
    await again.peer.until('SCRAM-SHA-256\0\0');
    again.peer.send(message('p', Buffer.concat([init, len, data])));
    expect(await again.peer.until(/i=\d+$/)).toContain(`s=${m?.[2]},`);
  });

  it('refuses unsupported protocols with the fields nmap versions, and junk without a reply', async () => {
    const { peer } = startSession(postgresTemplate, { persona: examplePersona() });
    peer.send(startupPacket({}, 0xff534d42));
    await peer.untilClosed();
    expect(errorFields(peer.bytes)).toEqual({ S: 'FATAL', V: 'FATAL', C: '0A000', M: 'unsupported frontend protocol 65363.19778: server supports 3.0 to 3.0', F: 'postmaster.c', L: '2138', R: 'ProcessStartupPacket' });
    const junk = startSession(postgresTemplate);
    junk.peer.send('\r\n\r\n');
    await junk.peer.untilClosed();
    expect(junk.peer.bytes).toHaveLength(0);
    expect(junk.ctx.eventsOf('protocol_error')[0]?.fields.error).toBe('invalid length of startup packet');
  });

  it('answers the pg_hba refusal and a missing user like PostgreSQL', async () => {
    const hba = startSession(postgresTemplate, { config: { auth: 'reject' } });
    hba.peer.send(startupPacket({ user: 'sa', database: 'prod' }));
    await hba.peer.untilClosed();
    expect(errorFields(hba.peer.bytes).M).toBe(`no pg_hba.conf entry for host "${hba.ctx.src.ip}", user "sa", database "prod", no encryption`);
    const none = startSession(postgresTemplate);
    none.peer.send(startupPacket({ database: 'x' }));
    await none.peer.untilClosed();
    expect(errorFields(none.peer.bytes)).toMatchObject({ C: '28000', M: 'no PostgreSQL user name specified in startup packet' });
  });
});

describe.runIf(hasBinary('psql'))('postgres with real clients under the runner', () => {
  let debian: DerivedServed;
  let rocky: DerivedServed;
  beforeAll(async () => {
    debian = await serveDerived(postgresTemplate, { derive: { archetype: 'database-server', distro: 'debian' } });
    rocky = await serveDerived(postgresTemplate, { derive: { archetype: 'database-server', distro: 'rocky9' } });
  }, 30_000);
  afterAll(async () => {
    await debian.close();
    await rocky.close();
  });

  const psql = (port: number, conninfo: string): Promise<{ stderr: string }> =>
    runCli('psql', [`host=127.0.0.1 port=${port} connect_timeout=10 ${conninfo}`, '-c', 'select 1']);

  it('psql over TLS (Debian, PostgreSQL 15, SCRAM): FATAL 28P01 and a proof that recomputes', async () => {
    expect(debian.persona.services.postgres).toMatchObject({ major: 15, ssl: true, auth: 'scram-sha-256' });
    const r = await psql(debian.ports[0]!, 'user=alice dbname=shop password=Passw0rd! sslmode=require');
    console.info(`psql: ${r.stderr.trim()}`);
    expect(r.stderr).toContain('FATAL:  password authentication failed for user "alice"');
    const [auth] = await debian.waitFor('auth');
    const f = auth!.fields;
    expect(f['mechanism']).toBe('SCRAM-SHA-256-PLUS');
    expect(scramProof('Passw0rd!', f['salt']!, Number(f['iterations']), f['auth_message']!).toString('base64')).toBe(f['client_proof']);
    expect((await debian.waitFor('startup')).find((s) => s.fields['username'] === 'alice')?.fields['ssl']).toBe('1');
  }, 30_000);

  it('psql with md5 (RHEL family: ssl off, PostgreSQL 13) fails and the MD5 response recomputes', async () => {
    expect(rocky.persona.services.postgres).toMatchObject({ major: 13, ssl: false, auth: 'md5' });
    const r = await psql(rocky.ports[0]!, 'user=bob dbname=hr password=hunter2 sslmode=prefer');
    console.info(`psql: ${r.stderr.trim()}`);
    expect(r.stderr).toContain('FATAL:  password authentication failed for user "bob"');
    const [auth] = await rocky.waitFor('auth');
    const f = auth!.fields;
    expect(f['pw_hash']).toBe(`md5${md5(Buffer.concat([Buffer.from(md5('hunter2bob')), Buffer.from(f['salt']!, 'hex')]))}`);
    const req = await psql(rocky.ports[0]!, 'user=bob password=x sslmode=require');
    expect(req.stderr).toContain('server does not support SSL, but SSL was required');
  }, 30_000);

  it.runIf(hasBinary('nmap'))('nmap -sV names PostgreSQL with the persona major', async () => {
    const line = await nmapServiceLine(rocky.ports[0]!, { asPorts: ['SMBProgNeg'] });
    console.info(`nmap: ${line}`);
    expect(line).toMatch(/open\s+postgresql\s+PostgreSQL DB 13\./);
  }, 60_000);
});
