// pop3 template: Dovecot's pre-login wording, USER/PASS and AUTH capture, the bait mailbox (STAT,
// LIST, UIDL, RETR, TOP, DELE, RSET), then curl over STLS and POP3S, a failed login, nmap -sV and
// pop3-capabilities under the real runner.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { examplePersona, hasBinary, nmapServiceLine, runCli, startSession } from '../_testing';
import { serveUnderRunner, type RunnerServed } from '../_testing/serve-under-runner';
import { buildMailbox } from '../_mail/mailbox';
import { pop3Template } from './index';

const persona = examplePersona();
const { user, password } = persona.services.pop3;
const box = buildMailbox(persona, user);
const fast = { auth_failure_delay_ms: 0 };
const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe('pop3 session', () => {
  it('greets like Dovecot and answers CAPA, unknown commands and a wrong password in its words', async () => {
    const { peer, ctx } = startSession(pop3Template, { config: fast });
    await peer.until('+OK Dovecot (Ubuntu) ready.\r\n');
    peer.send('CAPA\r\n\r\nUSER admin\r\nPASS hunter2\r\nPASS x\r\n');
    await peer.until('+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\nAUTH-RESP-CODE\r\nUSER\r\nSASL PLAIN LOGIN\r\n.\r\n');
    await peer.until('-ERR Unknown command.\r\n+OK\r\n-ERR [AUTH] Authentication failed.\r\n-ERR No username given.\r\n');
    const auth = ctx.eventsOf('auth')[0]?.fields;
    expect([auth?.username, auth?.secret_printable, auth?.outcome, auth?.secret_kind]).toEqual(['admin', 'hunter2', 'failure', 'plaintext']);
    expect(ctx.uncatalogued()).toEqual([]);
  });

  it('logs the bait account in and serves the mailbox', async () => {
    const { peer, ctx } = startSession(pop3Template, { config: fast });
    peer.send(`AUTH PLAIN ${b64(`\0${user}\0${password}`)}\r\nSTAT\r\nLIST 2\r\nUIDL 1\r\n`);
    const total = box.messages.reduce((n, m) => n + m.raw.length, 0);
    await peer.until(`+OK Logged in.\r\n+OK ${box.messages.length} ${total}\r\n+OK 2 ${box.messages[1]?.raw.length}\r\n`);
    await peer.until(/\+OK 1 0{7}1[0-9A-F]{8}\r\n/);
    const aws = box.messages.find((m) => m.subject.includes('deploy keys'));
    peer.send(`RETR ${aws?.seq}\r\nTOP 1 0\r\nDELE 1\r\nRETR 1\r\nRSET\r\nRETR 99\r\nFOO\r\nQUIT\r\n`);
    await peer.until(`+OK ${aws?.raw.length} octets\r\n`);
    await peer.until(/aws_access_key_id = AKIA[A-Z2-7]{16}\r\n/);
    await peer.until('+OK Marked to be deleted.\r\n-ERR Message is deleted.\r\n+OK\r\n-ERR There\'s no message 99.\r\n-ERR Unknown command: FOO\r\n+OK Logging out.\r\n');
    const retr = ctx.eventsOf('retr')[0]?.fields;
    expect(retr?.message_num).toBe(aws?.seq);
    expect(retr?.bait_ids).toBe(aws?.baits[0]?.id);
    expect(ctx.eventsOf('delete').map((e) => e.fields.message_num)).toEqual([1]);
  });

  it('answers a wrong password only after auth_failure_delay_ms (Dovecot: 2 s by default)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      const { peer } = startSession(pop3Template);
      peer.send('USER admin\r\nPASS guess\r\n');
      await peer.until('+OK\r\n', 1000).catch(() => undefined);
      await vi.advanceTimersByTimeAsync(1999);
      expect(peer.text).not.toContain('-ERR');
      await vi.advanceTimersByTimeAsync(1);
      await vi.waitFor(() => expect(peer.text).toContain('-ERR [AUTH] Authentication failed.\r\n'));
    } finally {
      vi.useRealTimers();
    }
  });

  it('frames commands the same however the input is split', async () => {
    const script = `USER ${user}\r\nPASS ${password}\r\nSTAT\r\nLIST\r\nQUIT\r\n`;
    const whole = startSession(pop3Template, { config: fast });
    whole.peer.send(script);
    await whole.peer.untilClosed();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: script.length }), { maxLength: 8 }), async (cuts) => {
        const s = startSession(pop3Template, { config: fast });
        let prev = 0;
        for (const c of [...[...new Set(cuts)].sort((a, b) => a - b), script.length]) {
          s.peer.send(script.slice(prev, c));
          prev = c;
        }
        await s.peer.untilClosed();
        expect(s.peer.text).toBe(whole.peer.text);
      }),
      { numRuns: 40 },
    );
  });
});

describe('pop3 with real clients under the runner', () => {
  let served: RunnerServed;
  beforeAll(async () => {
    served = await serveUnderRunner([
      { service: 'pop3', template: pop3Template, config: { auth_failure_delay_ms: '0' } },
      { service: 'pop3', template: pop3Template, config: { auth_failure_delay_ms: '0' }, tls: true },
    ]);
  }, 30_000);
  afterAll(() => served.close());

  it.runIf(hasBinary('curl'))('curl RETRs the bait over STLS and POP3S; a wrong password fails', async () => {
    const stls = await runCli('curl', ['-sS', '--ssl-reqd', '-k', `pop3://127.0.0.1:${served.port(0)}/3`, '-u', `${user}:${password}`]);
    console.info(`curl --ssl-reqd pop3://.../3 (exit ${stls.code}): ${stls.stdout.split('\r\n').slice(5, 10).join(' | ')}`);
    expect(stls.code).toBe(0);
    expect(stls.stdout).toContain(`Subject: ${box.messages[2]?.subject}`);
    const list = await runCli('curl', ['-sS', '-k', `pop3s://127.0.0.1:${served.port(1)}/`, '-u', `${user}:${password}`]);
    console.info(`curl pop3s:// LIST: ${list.stdout.trim().split('\r\n').join(' | ')}`);
    expect(list.stdout.trim().split('\r\n')).toHaveLength(box.messages.length);
    const wrong = await runCli('curl', ['-sS', '-k', `pop3s://127.0.0.1:${served.port(1)}/1`, '-u', `${user}:nope`]);
    console.info(`curl wrong password (exit ${wrong.code}): ${wrong.stderr.trim()}`);
    expect(wrong.code).toBe(67);
    expect(served.events('retr', 'pop3').map((e) => e.fields.message_num)).toEqual(['3']);
    expect(served.events('auth', 'pop3').map((e) => e.fields.outcome)).toEqual(['success', 'success', 'failure']);
    expect(served.runner.unknownMsgids()).toEqual([]);
  }, 30_000);

  it.runIf(hasBinary('nmap'))('nmap -sV names Dovecot pop3d; pop3-capabilities lists STLS', async () => {
    const line = await nmapServiceLine(served.port(0));
    console.info(`nmap: ${line}`);
    expect(line).toMatch(/open\s+pop3\s+Dovecot pop3d/);
    const caps = await runCli('nmap', ['-sV', '-Pn', '-n', '-p', String(served.port(0)), '--script', 'pop3-capabilities', '127.0.0.1'], { timeoutMs: 60_000 });
    const capLine = caps.stdout.split('\n').find((l) => l.includes('pop3-capabilities')) ?? caps.stdout;
    console.info(`nmap pop3-capabilities: ${capLine.trim()}`);
    expect(capLine).toMatch(/STLS/);
  }, 60_000);
});
