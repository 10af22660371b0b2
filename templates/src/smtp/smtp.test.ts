// SMTP template: Postfix/Exim phrasing, sequencing errors, AUTH capture, local delivery vs relay,
// message capture and summary, then real clients (swaks, curl) and nmap -sV.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplePersona, hasBinary, nmapServiceLine, runCli, serveTemplate, startSession, type Served } from '../_testing';
import { smtpTemplate, type SmtpConfig } from './index';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe('smtp session', () => {
  it('greets with the persona banner and enforces the command order like Postfix', async () => {
    const { peer, ctx } = startSession(smtpTemplate);
    await peer.until(`220 ${ctx.persona.services.smtp.banner}\r\n`);
    peer.send('MAIL FROM:<a@b.c>\r\n');
    await peer.until('503 5.5.1 Error: send HELO/EHLO first\r\n');
    peer.send('EHLO\r\nEHLO kali\r\n');
    await peer.until('501 Syntax: EHLO hostname\r\n');
    await peer.until('250 SMTPUTF8\r\n');
    expect(peer.text).not.toContain('STARTTLS');
    peer.send('RCPT TO:<root@corp.local>\r\nDATA\r\nMAIL FROM:<a@b.c>\r\nMAIL FROM:<a@b.c>\r\nDATA\r\nBOGUS\r\n');
    await peer.until('503 5.5.1 Error: need MAIL command\r\n503 5.5.1 Error: need RCPT command\r\n250 2.1.0 Ok\r\n503 5.5.1 Error: nested MAIL command\r\n503 5.5.1 Error: need RCPT command\r\n502 5.5.2 Error: command not recognized\r\n');
    expect(ctx.eventsOf('unknown_command')[0]?.fields.command).toBe('BOGUS');
  });

  it('accepts mail for local users, refuses relaying and unknown users', async () => {
    const { peer, ctx } = startSession(smtpTemplate);
    peer.send('EHLO x\r\nMAIL FROM:<spam@evil.test>\r\nRCPT TO:<victim@gmail.com>\r\nRCPT TO:<nobodyhere@corp.local>\r\nRCPT TO:<deploy@corp.local>\r\n');
    await peer.until('554 5.7.1 <victim@gmail.com>: Relay access denied\r\n550 5.1.1 <nobodyhere@corp.local>: Recipient address rejected: User unknown in local recipient table\r\n250 2.1.5 Ok\r\n');
    expect(ctx.eventsOf('rcpt_denied').map((e) => e.fields.reason)).toEqual(['relay', 'unknown_user']);
  });

  it('captures AUTH PLAIN and LOGIN, succeeding only for configured accounts', async () => {
    const { peer, ctx } = startSession(smtpTemplate, { config: { users: 'backup:Summer2024' } });
    peer.send(`EHLO x\r\nAUTH PLAIN ${b64('\0admin\0letmein')}\r\nAUTH LOGIN\r\n${b64('backup')}\r\n${b64('Summer2024')}\r\nAUTH LOGIN\r\n`);
    await peer.until('535 5.7.8 Error: authentication failed: authentication failure\r\n334 VXNlcm5hbWU6\r\n334 UGFzc3dvcmQ6\r\n235 2.7.0 Authentication successful\r\n503 5.5.1 Error: already authenticated\r\n');
    const a = ctx.eventsOf('auth_attempt');
    expect(a.map((e) => [e.fields.principal, e.fields.secret_printable, e.fields.outcome, e.fields.mechanism])).toEqual([
      ['admin', 'letmein', 'failure', 'PLAIN'],
      ['backup', 'Summer2024', 'success', 'LOGIN'],
    ]);
    peer.send('MAIL FROM:<backup@corp.local>\r\nRCPT TO:<anyone@gmail.com>\r\n');
    await peer.until('250 2.1.5 Ok\r\n');
    const persona = { ...examplePersona(), logins: [{ user: 'root', password: 'toor' }, { user: 'deploy', password: 'Deploy!1' }] };
    const p2 = startSession(smtpTemplate, { persona });
    p2.peer.send(`EHLO x\r\nAUTH PLAIN ${b64('\0root\0toor')}\r\nAUTH PLAIN ${b64('\0deploy\0Deploy!1')}\r\n`);
    await p2.peer.until('535 5.7.8 Error: authentication failed: authentication failure\r\n235 2.7.0 Authentication successful\r\n');
  });

  it('stores the message and summarises headers, attachments and URLs', async () => {
    const { peer, ctx } = startSession(smtpTemplate);
    const mime = [
      'From: "=?UTF-8?B?SVQgRGVzaw==?=" <it@corp.local>', 'To: maria@corp.local', 'Subject: =?utf-8?Q?Password_reset?=',
      'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="XX"', '', '--XX', 'Content-Type: text/plain', '',
      'Reset here: https://login.evil.example/reset?u=maria', '--XX', 'Content-Type: application/pdf; name="inv.pdf"',
      'Content-Transfer-Encoding: base64', 'Content-Disposition: attachment; filename="inv.pdf"', '', b64('%PDF-1.4 fake'), '--XX--', '',
    ].join('\r\n');
    peer.send(`HELO x\r\nMAIL FROM:<it@corp.local>\r\nRCPT TO:<maria@corp.local>\r\nDATA\r\n${mime}.\r\nQUIT\r\n`);
    await peer.until(/250 2\.0\.0 Ok: queued as [0-9A-F]{10,12}\r\n221 2\.0\.0 Bye\r\n/);
    const stored = ctx.eventsOf('message_stored')[0]?.fields;
    expect(stored?.subject).toBe('Password reset');
    expect(stored?.from_hdr).toBe('"IT Desk" <it@corp.local>');
    expect(stored?.attachment_count).toBe(1);
    expect(JSON.parse(String(stored?.attachments_json))[0]).toMatchObject({ filename: 'inv.pdf', size: 13 });
    expect(JSON.parse(String(stored?.urls_json))).toEqual(['https://login.evil.example/reset?u=maria']);
    expect(stored?.sha256).toBe(ctx.captures[0]?.sha256);
    expect(Buffer.from(ctx.captures[0]?.data ?? []).toString()).toBe(mime);
  });

  it('rejects an oversized message after DATA and drops HTTP requests like Postfix', async () => {
    const big = startSession(smtpTemplate, { config: { max_message_bytes: 2048 } });
    big.peer.send(`HELO x\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<root@corp.local>\r\nDATA\r\n${'z'.repeat(5000)}\r\n.\r\n`);
    await big.peer.until('552 5.3.4 Error: message file too big\r\n');
    const http = startSession(smtpTemplate);
    http.peer.send('GET / HTTP/1.0\r\n\r\n');
    await http.peer.until('221 2.7.0 Error: I can break rules, too. Goodbye.\r\n');
    await http.peer.untilClosed();
  });

  it('speaks Exim when the persona runs Exim', async () => {
    const persona = examplePersona({ services: { smtp: { banner: 'mx1.corp.local ESMTP Exim 4.96', mta: 'exim' } } });
    const { peer } = startSession(smtpTemplate, { persona });
    await peer.until(/^220 mx1\.corp\.local ESMTP Exim 4\.96 \w{3}, \d{1,2} \w{3} \d{4} [\d:]{8} \+0000\r\n/);
    peer.send('EHLO kali\r\nRCPT TO:<a@b.c>\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<x@gmail.com>\r\n');
    await peer.until('250 HELP\r\n503 sender not yet given\r\n250 OK\r\n550 relay not permitted\r\n');
  });

  it('ends after too many errors and survives random input', async () => {
    const { peer } = startSession(smtpTemplate);
    peer.send('X\r\n'.repeat(25));
    await peer.until('421 4.7.0 ');
    await peer.untilClosed();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 400 }), { maxLength: 10 }), async (chunks) => {
        const s = startSession(smtpTemplate);
        for (const c of chunks) s.peer.send(c);
        await new Promise((r) => setImmediate(r));
        expect(s.ctx.uncatalogued()).toEqual([]);
        s.peer.stream.destroy();
      }),
      { numRuns: 60 },
    );
  });
});

describe('smtp with real clients', () => {
  let served: Served<SmtpConfig>;
  beforeAll(async () => {
    served = await serveTemplate(smtpTemplate, { config: { users: 'mailer:Welcome1' } });
  });
  afterAll(() => served.close());

  it.runIf(hasBinary('swaks'))('swaks delivers to a local user and fails AUTH with a wrong password', async () => {
    const sent = await runCli('swaks', ['--server', '127.0.0.1', '--port', String(served.port), '--to', 'deploy@corp.local', '--from', 'ceo@corp.local', '--header', 'Subject: urgent wire']);
    expect(sent.stdout).toMatch(/<- {2}250 2\.0\.0 Ok: queued as/);
    const auth = await runCli('swaks', ['--server', '127.0.0.1', '--port', String(served.port), '--to', 'x@gmail.com', '--auth', 'LOGIN', '--auth-user', 'mailer', '--auth-password', 'guess']);
    expect(auth.stdout).toContain('535 5.7.8 Error: authentication failed');
    const ok = await runCli('swaks', ['--server', '127.0.0.1', '--port', String(served.port), '--to', 'x@gmail.com', '--auth', 'PLAIN', '--auth-user', 'mailer', '--auth-password', 'Welcome1']);
    expect(ok.stdout).toContain('235 2.7.0 Authentication successful');
    expect(served.events().filter((e) => e.msgid === 'message_stored').map((e) => e.fields.subject)).toContain('urgent wire');
  });

  it('curl smtp:// uploads a message', async () => {
    const r = await runCli('curl', ['-sS', `smtp://127.0.0.1:${served.port}`, '--mail-from', 'a@example.org', '--mail-rcpt', 'root@corp.local', '-T', '-'], {
      input: 'From: a@example.org\r\nSubject: via curl\r\n\r\nhello\r\n',
    });
    expect(r.code).toBe(0);
    expect(served.events().filter((e) => e.msgid === 'message_stored').map((e) => e.fields.subject)).toContain('via curl');
  });

  it.runIf(hasBinary('nmap'))('nmap -sV names Postfix smtpd', async () => {
    const line = await nmapServiceLine(served.port);
    expect(line).toMatch(/open\s+smtp\s+Postfix smtpd/);
    console.info(`nmap: ${line}`);
  }, 30_000);
});
