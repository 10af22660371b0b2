// SQL Server template: PRELOGIN version and encryption negotiation, LOGIN7 de-obfuscation and
// SQL Server's exact 18456 error; then tsql (FreeTDS), impacket's MSSQL client (TLS inside TDS,
// SQL and Windows/NTLM logins) and nmap -sV under the real runner.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBinary, nmapServiceLine, runCli, startSession } from '../_testing';
import { verifyNetNtlmV2 } from '../_testing/ntlm-client';
import { serveDerived, type DerivedServed } from '../_testing/serve-derived';
import { mssqlTemplate } from './index';
import { deobfuscatePassword, PKT } from './parser';
import { packets } from './responses';

const PRELOGIN = (enc: number): Buffer => packets(PKT.PRELOGIN, Buffer.from(`000015000601001b000102001c000103001d0000ff0f0007d00000${enc.toString(16).padStart(2, '0')}0000`, 'hex'));

function login7(user: string, password: string): Buffer {
  const obf = Buffer.from(password, 'utf16le').map((b) => (((b << 4) & 0xf0) | (b >> 4)) ^ 0xa5);
  const fields = ['kali', user, '', 'sqlmap', 'db01', '', 'ODBC', '', 'master'];
  const head = Buffer.alloc(94);
  head.writeUInt32LE(0x74000004, 4);
  let off = 94;
  const data: Buffer[] = [];
  fields.forEach((f, i) => {
    const b = i === 2 ? Buffer.from(obf) : Buffer.from(f, 'utf16le');
    head.writeUInt16LE(off, 36 + i * 4);
    head.writeUInt16LE(b.length / 2, 38 + i * 4);
    data.push(b);
    off += b.length;
  });
  const p = Buffer.concat([head, ...data]);
  p.writeUInt32LE(p.length, 0);
  return packets(PKT.LOGIN7, p);
}

function errorText(reply: Buffer): { number: number; state: number; cls: number; message: string; server: string } {
  const t = reply.subarray(8);
  expect(t[0]).toBe(0xaa);
  const n = t.readUInt16LE(9);
  const message = t.subarray(11, 11 + n * 2).toString('utf16le');
  const sl = t[11 + n * 2] ?? 0;
  return { number: t.readUInt32LE(3), state: t[7]!, cls: t[8]!, message, server: t.subarray(12 + n * 2, 12 + n * 2 + sl * 2).toString('utf16le') };
}

describe('mssql session', () => {
  it('de-obfuscates LOGIN7 passwords (nibble swap, XOR 0xA5)', () => {
    const obf = Buffer.from('Passw0rd!', 'utf16le').map((b) => (((b << 4) & 0xf0) | (b >> 4)) ^ 0xa5);
    expect(deobfuscatePassword(Buffer.from(obf))).toBe('Passw0rd!');
  });

  it('answers PRELOGIN with the persona build and NOT_SUP to a client without TLS, then fails the login like SQL Server', async () => {
    const { peer, ctx } = startSession(mssqlTemplate);
    peer.send(PRELOGIN(2));
    const r = Buffer.from(await peer.until((t) => t.length >= 8 && t.length >= t.charCodeAt(3)), 'latin1');
    const [maj, min, build] = ctx.persona.services.mssql.version;
    expect(r.subarray(0, 8)).toEqual(Buffer.from([4, 1, 0, 0x25, 0, 0, 1, 0]));
    expect(r.subarray(29, 33)).toEqual(Buffer.from([maj, min, build >> 8, build & 0xff]));
    expect(r[35]).toBe(2);
    peer.clear();
    peer.send(login7('sa', 'S3cret!'));
    await peer.untilClosed();
    expect(errorText(peer.bytes)).toEqual({ number: 18456, state: 1, cls: 14, message: "Login failed for user 'sa'.", server: ctx.persona.services.mssql.serverName });
    expect(peer.bytes.subarray(-13)).toEqual(Buffer.from([0xfd, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    expect(ctx.eventsOf('auth')[0]?.fields).toMatchObject({ username: 'sa', secret_kind: 'plaintext', secret_printable: 'S3cret!', app_name: 'sqlmap', database: 'master', encrypted: 0 });
  });

  it('negotiates encryption per the MS-TDS table and logs unknown packets', async () => {
    for (const [mode, client, want] of [['login', 0, 0], ['login', 1, 1], ['force', 0, 3], ['none', 1, 2]] as const) {
      const { peer } = startSession(mssqlTemplate, { config: { encryption: mode } });
      peer.send(PRELOGIN(client));
      const r = Buffer.from(await peer.until((t) => t.length >= 37), 'latin1');
      expect([mode, client, r[35]]).toEqual([mode, client, want]);
      peer.stream.destroy();
    }
    const { peer, ctx } = startSession(mssqlTemplate);
    peer.send(packets(PKT.SQL_BATCH, Buffer.from('select 1', 'utf16le')));
    await peer.untilClosed();
    expect(ctx.eventsOf('unknown_packet')[0]?.fields.packet_type).toBe('0x01');
  });
});

const py = (script: string): Promise<{ stdout: string; stderr: string }> => runCli('/usr/bin/python3', ['-c', script], { timeoutMs: 30_000 });
const hasImpacket = ((): boolean => {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import impacket.tds'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('mssql with real clients under the runner', () => {
  let served: DerivedServed;
  beforeAll(async () => {
    served = await serveDerived(mssqlTemplate, { derive: { deckyName: 'sql-prod-01', archetype: 'windows-server' } });
  }, 30_000);
  afterAll(() => served.close());

  it.runIf(hasBinary('tsql'))('tsql (FreeTDS) gets "Login failed for user \'sa\'" and the password is captured', async () => {
    const r = await runCli('tsql', ['-H', '127.0.0.1', '-p', String(served.ports[0]), '-U', 'sa', '-P', 'Passw0rd!'], { input: 'quit\n' });
    console.info(`tsql: ${(r.stdout + r.stderr).trim().replace(/\n/g, ' | ')}`);
    expect(r.stdout + r.stderr).toContain("Login failed for user 'sa'");
    const auth = (await served.waitFor('auth')).find((e) => e.fields['username'] === 'sa');
    expect(auth?.fields).toMatchObject({ secret_printable: 'Passw0rd!', secret_kind: 'plaintext' });
  }, 30_000);

  it.runIf(hasImpacket)('impacket MSSQL: SQL login through TLS inside TDS, and a Windows login as NTLMv2', async () => {
    const port = served.ports[0];
    const r = await py(`import logging; logging.basicConfig(level=logging.INFO, format='%(message)s')
from impacket import tds
m = tds.MSSQL('127.0.0.1', ${port}); m.connect()
print('sql', m.login(None, 'svc_backup', 'Backup#2024')); m.printReplies(); m.disconnect()
m = tds.MSSQL('127.0.0.1', ${port}); m.connect()
print('win', m.login(None, 'alice', 'Summer2024!', 'CORP', None, True)); m.printReplies()`);
    console.info(`impacket: ${(r.stdout + r.stderr).trim().replace(/\n/g, ' | ')}`);
    expect(r.stdout).toContain('sql False');
    expect(r.stdout + r.stderr).toContain("Login failed for user 'svc_backup'.");
    const auths = await served.waitFor('auth', 2);
    expect(auths.find((e) => e.fields['username'] === 'svc_backup')?.fields).toMatchObject({ secret_printable: 'Backup#2024', encrypted: '1' });
    const win = auths.find((e) => e.fields['auth_type'] === 'sspi')?.fields;
    expect(win?.['secret_kind']).toBe('ntlmssp_v2');
    // The NTLMv2 capture verifies against the password (NTProofStr recomputed with MD4 from _testing).
    expect(verifyNetNtlmV2(String(win?.['ntlmv2_hashcat']), 'Summer2024!')).toBe(true);
    expect(verifyNetNtlmV2(String(win?.['ntlmv2_hashcat']), 'Summer2025!')).toBe(false);
    expect(r.stdout + r.stderr).toContain("Login failed for user 'CORP\\alice'.");
  }, 40_000);

  // ms-sql-info / ms-sql-ntlm-info are not run: nmap 7.93's mssql.lua indexes the nil second result of
  // GetDiscoveredInstances (line 3334) for any server, real or not; the NTLM answer is proved by impacket above.
  it.runIf(hasBinary('nmap'))('nmap -sV names the persona\'s SQL Server and build', async () => {
    const line = await nmapServiceLine(served.ports[0]!, { asPorts: ['ms-sql-s'] });
    console.info(`nmap: ${line}`);
    const { product, version } = served.persona.services.mssql;
    expect(line).toMatch(version[0] === 16 ? /open\s+ms-sql-s\s+Microsoft SQL Server/ : new RegExp(`open\\s+ms-sql-s\\s+${product} ${version[0]}\\.00\\.${version[2]}`));
  }, 90_000);
});
