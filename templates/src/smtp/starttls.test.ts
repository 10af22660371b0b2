// SMTP STARTTLS (RFC 3207) under the real runner: EHLO advertises STARTTLS, AUTH only after TLS on a
// submission listener (smtpd_tls_auth_only), pipelined commands after STARTTLS are discarded and
// logged (CVE-2011-0411), EHLO again after TLS; swaks --tls with AUTH; implicit TLS on 465.
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplePersona, hasBinary, runCli, startSession } from '../_testing';
import { serveUnderRunner, type RunnerServed } from '../_testing/serve-under-runner';
import { smtpTemplate } from './index';

/** Sends lines over plain TCP and collects what arrives until `until` matches. */
function talk(port: number, send: string, until: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = '';
    const s = netConnect({ host: '127.0.0.1', port });
    const t = setTimeout(() => {
      s.destroy();
      reject(new Error(`no match; got ${JSON.stringify(got)}`));
    }, 8000);
    s.on('data', (d) => {
      got += d.toString('latin1');
      if (got.startsWith('220 ') && send) {
        s.write(send);
        send = '';
      }
      if (until.test(got)) {
        clearTimeout(t);
        s.destroy();
        resolve(got);
      }
    });
    s.on('error', reject);
  });
}

describe('smtp STARTTLS wording per MTA', () => {
  const tlsCapable = { startTls: async (): Promise<undefined> => undefined };

  it('Postfix on 587 offers STARTTLS and hides AUTH until TLS (auth_tls_only=auto); on 25 it offers both', async () => {
    const sub = startSession(smtpTemplate, { extend: tlsCapable, dst: { ip: '192.168.10.20', port: 587 } });
    sub.peer.send('EHLO kali\r\nSTARTTLS now\r\n');
    await sub.peer.until('250-ETRN\r\n250-STARTTLS\r\n250-ENHANCEDSTATUSCODES\r\n');
    await sub.peer.until('501 5.5.4 Syntax: STARTTLS\r\n');
    expect(sub.peer.text).not.toContain('AUTH');
    const mx = startSession(smtpTemplate, { extend: tlsCapable });
    mx.peer.send('EHLO kali\r\n');
    await mx.peer.until('250-STARTTLS\r\n250-AUTH PLAIN LOGIN\r\n');
  });

  it('Exim and Sendmail list STARTTLS where they do and answer it in their words', async () => {
    const exim = startSession(smtpTemplate, { extend: tlsCapable, persona: examplePersona({ services: { smtp: { banner: 'mx1.corp.local ESMTP Exim 4.96', mta: 'exim' } } }) });
    exim.peer.send('EHLO kali\r\nSTARTTLS\r\n');
    await exim.peer.until('250-AUTH PLAIN LOGIN\r\n250-STARTTLS\r\n250 HELP\r\n220 TLS go ahead\r\n');
    const sendmail = startSession(smtpTemplate, { extend: tlsCapable, persona: examplePersona({ services: { smtp: { banner: 'mx1.corp.local ESMTP Sendmail 8.17.1.9/8.17.1.9', mta: 'sendmail' } } }) });
    sendmail.peer.send('EHLO kali\r\n');
    await sendmail.peer.until('250-AUTH LOGIN PLAIN\r\n250-STARTTLS\r\n250-DELIVERBY\r\n250 HELP\r\n');
  });
});

describe('smtp STARTTLS under the runner', () => {
  let served: RunnerServed;
  beforeAll(async () => {
    served = await serveUnderRunner([
      { service: 'smtp', template: smtpTemplate, config: { users: 'mailer:Welcome1', auth_tls_only: 'yes' } },
      { service: 'smtp', template: smtpTemplate, config: { users: 'mailer:Welcome1' }, tls: true },
    ]);
  }, 30_000);
  afterAll(() => served.close());

  it('advertises STARTTLS but not AUTH before TLS, refuses AUTH, and drops commands pipelined after STARTTLS', async () => {
    const text = await talk(served.port(0), 'EHLO kali\r\nAUTH PLAIN AG1haWxlcgBXZWxjb21lMQ==\r\nSTARTTLS\r\nMAIL FROM:<injected@evil.test>\r\n', /220 2\.0\.0 Ready to start TLS\r\n/);
    expect(text).toContain('250-STARTTLS\r\n');
    expect(text).not.toContain('AUTH PLAIN');
    expect(text).toContain('503 5.5.1 Error: authentication not enabled\r\n');
    await served.sink.waitFor(() => served.events('protocol_error', 'smtp').length > 0);
    expect(served.events('protocol_error', 'smtp')[0]?.fields).toMatchObject({ error: 'starttls_command_injection' });
    expect(served.events('mail_from', 'smtp')).toEqual([]);
  });

  it.runIf(hasBinary('swaks'))('swaks --tls: EHLO again inside TLS, AUTH offered and checked, mail stored', async () => {
    const ok = await runCli('swaks', ['--server', '127.0.0.1', '--port', String(served.port(0)), '--tls', '--to', 'x@gmail.com', '--from', 'mailer@corp.local', '--auth', 'PLAIN', '--auth-user', 'mailer', '--auth-password', 'Welcome1', '--header', 'Subject: over tls']);
    const shown = ok.stdout.split('\n').filter((l) => /STARTTLS|TLS started|AUTH|235|250 2\.0\.0|Ready/.test(l));
    console.info(`swaks --tls:\n${shown.join('\n')}`);
    expect(ok.stdout).toContain('<-  220 2.0.0 Ready to start TLS');
    expect(ok.stdout).toMatch(/=== TLS started with cipher/);
    expect(ok.stdout).toContain('<~  250-AUTH PLAIN LOGIN');
    expect(ok.stdout).toContain('<~  235 2.7.0 Authentication successful');
    expect(ok.stdout).toMatch(/<~ {2}250 2\.0\.0 Ok: queued as/);
    const bad = await runCli('swaks', ['--server', '127.0.0.1', '--port', String(served.port(0)), '--tls', '--to', 'x@gmail.com', '--auth', 'LOGIN', '--auth-user', 'mailer', '--auth-password', 'guess']);
    expect(bad.stdout).toContain('<~* 535 5.7.8 Error: authentication failed');
    const auths = served.events('auth_attempt', 'smtp').map((e) => [e.fields.principal, e.fields.secret_printable, e.fields.outcome]);
    expect(auths).toEqual([['mailer', 'Welcome1', 'success'], ['mailer', 'guess', 'failure']]);
    expect(served.events('message_stored', 'smtp').map((e) => e.fields.subject)).toContain('over tls');
  }, 30_000);

  it('serves implicit TLS on the submissions listener (465)', async () => {
    const text = await new Promise<string>((resolve, reject) => {
      let got = '';
      const s = tlsConnect({ host: '127.0.0.1', port: served.port(1), rejectUnauthorized: false }, () => s.write('EHLO kali\r\nQUIT\r\n'));
      s.on('data', (d) => (got += d.toString('latin1')));
      s.on('close', () => resolve(got));
      s.on('error', reject);
    });
    expect(text).toMatch(/^220 \S+ ESMTP Postfix \(Ubuntu\)\r\n/);
    expect(text).toContain('250-AUTH PLAIN LOGIN\r\n');
    expect(text).not.toContain('STARTTLS');
  });
});
