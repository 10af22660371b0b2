// MySQL template: greeting fields per version, the native/caching_sha2 login flows with a crackable
// capture, mysqld's error packets for junk and SSL, real `mysql` client and nmap -sV.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplePersona, hasBinary, nmapServiceLine, runCli, serveTemplate, startSession, type Served } from '../_testing';
import { mysqlTemplate, type MysqlConfig } from './index';
import { packet } from './responses';

const sha1 = (...parts: Buffer[]): Buffer => createHash('sha1').update(Buffer.concat(parts)).digest();
/** mysql_native_password: SHA1(pw) XOR SHA1(scramble + SHA1(SHA1(pw))). */
function nativeResponse(password: string, salt: Buffer): Buffer {
  const h1 = sha1(Buffer.from(password));
  const h3 = sha1(salt, sha1(h1));
  return Buffer.from(h1.map((b, i) => b ^ (h3[i] ?? 0)));
}

function parseGreeting(bytes: Buffer): { version: string; connId: number; salt: Buffer; caps: number; charset: number; plugin: string } {
  const p = bytes.subarray(4);
  const nul = p.indexOf(0, 1);
  const version = p.subarray(1, nul).toString();
  let o = nul + 1;
  const connId = p.readUInt32LE(o);
  const salt1 = p.subarray(o + 4, o + 12);
  o += 13;
  const lower = p.readUInt16LE(o);
  const charset = p[o + 2] ?? 0;
  const upper = p.readUInt16LE(o + 5);
  o += 18;
  const salt2 = p.subarray(o, o + 12);
  const plugin = p.subarray(o + 13, p.indexOf(0, o + 13)).toString();
  return { version, connId, salt: Buffer.concat([salt1, salt2]), caps: (lower | (upper << 16)) >>> 0, charset, plugin };
}

function loginPacket(user: string, auth: Buffer, plugin: string, seq = 1): Buffer {
  const caps = 0x200 | 0x8000 | (1 << 19) | (1 << 21) | 8;
  const head = Buffer.alloc(32);
  head.writeUInt32LE(caps, 0);
  head.writeUInt32LE(16 * 1024 * 1024, 4);
  head[8] = 45;
  return packet(seq, Buffer.concat([head, Buffer.from(`${user}\0`), Buffer.from([auth.length]), auth, Buffer.from('shop\0'), Buffer.from(`${plugin}\0`)]));
}

describe('mysql session', () => {
  it('greets like MySQL 8.0.36 (caching_sha2, utf8mb4_0900, 8.0 capability flags, no SSL)', async () => {
    const { peer, ctx } = startSession(mysqlTemplate);
    const g = parseGreeting(Buffer.from(await peer.until((t) => t.length > 80), 'latin1'));
    expect(g.version).toBe(ctx.persona.services.mysql.version);
    expect(g.plugin).toBe('caching_sha2_password');
    expect(g.charset).toBe(255);
    expect(g.caps >>> 16).toBe(0xdfff);
    expect(g.caps & 0x800).toBe(0);
    expect(g.connId).toBeGreaterThan(ctx.persona.services.mysql.connectionIdStart);
    expect(g.salt).toHaveLength(20);
    expect([...g.salt].every((b) => b > 0 && b < 0x80 && b !== 0x24)).toBe(true);
  });

  it('captures a native scramble response and denies access exactly like mysqld', async () => {
    const { peer, ctx } = startSession(mysqlTemplate, { persona: examplePersona({ services: { mysql: { version: '5.7.44-log', connectionIdStart: 90 } } }) });
    const g = parseGreeting(Buffer.from(await peer.until((t) => t.length > 80), 'latin1'));
    expect(g.plugin).toBe('mysql_native_password');
    peer.clear();
    const resp = nativeResponse('Spring2024', g.salt);
    peer.send(loginPacket('root', resp, 'mysql_native_password'));
    await peer.untilClosed();
    const reply = peer.bytes;
    expect(reply[3]).toBe(2);
    expect(reply.subarray(4).toString('latin1')).toBe(`\xff\x15\x04#28000Access denied for user 'root'@'${ctx.src.ip}' (using password: YES)`);
    const auth = ctx.eventsOf('auth')[0]?.fields;
    expect(auth?.secret_kind).toBe('mysql_native_password');
    expect(auth?.secret_b64).toBe(resp.toString('base64'));
    expect(auth?.hashcat).toBe(`$mysqlna$${g.salt.toString('hex')}*${resp.toString('hex')}`);
    expect(auth?.database).toBe('shop');
  });

  it('switches caching_sha2_password clients to mysql_native_password', async () => {
    const { peer, ctx } = startSession(mysqlTemplate);
    const g = parseGreeting(Buffer.from(await peer.until((t) => t.length > 80), 'latin1'));
    peer.clear();
    peer.send(loginPacket('app', Buffer.alloc(32, 7), 'caching_sha2_password'));
    const sw = Buffer.from(await peer.until('mysql_native_password'), 'latin1');
    expect(sw[3]).toBe(2);
    expect(sw.subarray(4, 5)[0]).toBe(0xfe);
    expect(sw.subarray(27, 47).equals(g.salt)).toBe(true);
    peer.clear();
    peer.send(packet(3, nativeResponse('x', g.salt)));
    await peer.untilClosed();
    expect(peer.bytes[3]).toBe(4);
    expect(ctx.eventsOf('auth')[0]?.fields.sha2_response).toBe('07'.repeat(32));
  });

  it('answers non-MySQL bytes with "Got packets out of order" and an SSLRequest with "Bad handshake"', async () => {
    const junk = startSession(mysqlTemplate);
    await junk.peer.until((t) => t.length > 80);
    junk.peer.clear();
    junk.peer.send('GET / HTTP/1.0\r\n\r\n');
    await junk.peer.untilClosed();
    expect(junk.peer.text).toBe('!\x00\x00\x01\xff\x84\x04#08S01Got packets out of order');
    const ssl = startSession(mysqlTemplate);
    await ssl.peer.until((t) => t.length > 80);
    ssl.peer.clear();
    const req = Buffer.alloc(32);
    req.writeUInt32LE(0x200 | 0x800 | 0x8000, 0);
    ssl.peer.send(packet(1, req));
    await ssl.peer.untilClosed();
    expect(ssl.peer.text.slice(4)).toBe('\xff\x13\x04#08S01Bad handshake');
  });

  it('presents MariaDB with the 5.5.5- prefix and native auth', async () => {
    const { peer } = startSession(mysqlTemplate, { config: { version: '10.11.6-MariaDB-0+deb12u1' } });
    const g = parseGreeting(Buffer.from(await peer.until((t) => t.length > 80), 'latin1'));
    expect(g.version).toBe('5.5.5-10.11.6-MariaDB-0+deb12u1');
    expect(g.plugin).toBe('mysql_native_password');
    const old = startSession(mysqlTemplate, { config: { version: '5.5.68-MariaDB' } });
    expect(parseGreeting(Buffer.from(await old.peer.until((t) => t.length > 80), 'latin1')).version).toBe('5.5.68-MariaDB');
  });

  it('ends on an oversized packet and survives random bytes', async () => {
    const big = startSession(mysqlTemplate);
    big.peer.send(Buffer.from([0xff, 0xff, 0x7f, 1]));
    await big.peer.untilClosed();
    expect(big.ctx.eventsOf('oversized_input')).toHaveLength(1);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 }), async (chunks) => {
        const { peer, ctx } = startSession(mysqlTemplate);
        for (const c of chunks) peer.send(c);
        await new Promise((r) => setImmediate(r));
        expect(ctx.uncatalogued()).toEqual([]);
        peer.stream.destroy();
      }),
      { numRuns: 60 },
    );
  });
});

describe.runIf(hasBinary('mysql'))('mysql with real clients', () => {
  let served: Served<MysqlConfig>;
  beforeAll(async () => {
    served = await serveTemplate(mysqlTemplate);
  });
  afterAll(() => served.close());

  it('the mysql client completes its flow and prints the Access denied line', async () => {
    const r = await runCli('mysql', ['-h', '127.0.0.1', '-P', String(served.port), '-u', 'root', '-pToor123', '-e', 'select 1']);
    expect(r.stderr.trim()).toBe("ERROR 1045 (28000): Access denied for user 'root'@'127.0.0.1' (using password: YES)");
    const auth = served.events().find((e) => e.msgid === 'auth')?.fields;
    const salt = Buffer.from(String(auth?.scramble), 'hex');
    expect(auth?.secret_b64).toBe(nativeResponse('Toor123', salt).toString('base64'));
    expect(String(auth?.client_attrs)).toContain('"program_name":"mysql"');
  });

  it.runIf(hasBinary('nmap'))('nmap -sV names MySQL and the persona version', async () => {
    const line = await nmapServiceLine(served.port);
    expect(line).toMatch(/open\s+mysql\s+MySQL 8\.0\.36-0ubuntu0\.22\.04\.1/);
    console.info(`nmap: ${line}`);
  }, 30_000);
});
