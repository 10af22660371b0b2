// imap template: Dovecot's pre-login wording, LOGIN/AUTHENTICATE capture with the failure delay off,
// the bait mailbox (SELECT, FETCH, SEARCH, literals), then real clients under the real runner: curl
// over STARTTLS and implicit TLS reading the bait, a failed login, nmap -sV and imap-capabilities.
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistroSlug } from '@decnet/protocol';
import { derivePersona } from '../persona/derive';
import { examplePersona, hasBinary, nmapServiceLine, runCli, startSession } from '../_testing';
import { serveUnderRunner, type RunnerServed } from '../_testing/serve-under-runner';
import { buildMailbox } from '../_mail/mailbox';
import { imapTemplate } from './index';

const persona = examplePersona();
const { user, password, greeting } = persona.services.imap;
const b64 = (s: string): string => Buffer.from(s).toString('base64');
const fast = { auth_failure_delay_ms: 0 };

describe('imap session', () => {
  it('greets like Dovecot on Ubuntu and answers pre-login commands in its words', async () => {
    const { peer, ctx } = startSession(imapTemplate, { config: fast });
    await peer.until(`* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN AUTH=LOGIN] ${greeting}\r\n`);
    expect(greeting).toBe('Dovecot (Ubuntu) ready.');
    peer.send('a1 CAPABILITY\r\na2 NOOP\r\nLOGIN x y\r\na3 ID ("name" "kali")\r\n');
    await peer.until('a1 OK Pre-login capabilities listed, post-login capabilities have more.\r\na2 OK NOOP completed.\r\n');
    await peer.until("LOGIN BAD First parameter in line is IMAP's command tag");
    await peer.until('* ID ("name" "Dovecot")\r\na3 OK ID completed.\r\n');
    peer.send('GET / HTTP/1.0\r\n\r\n');
    await peer.until('GET BAD Error in IMAP command received by server.\r\n* BAD Error in IMAP command received by server.\r\n');
    expect(ctx.eventsOf('command').map((e) => e.fields.cmd)).toContain('CAPABILITY');
    expect(ctx.uncatalogued()).toEqual([]);
  });

  it('fails a wrong password with Dovecot text and captures it; the bait account logs in', async () => {
    const { peer, ctx } = startSession(imapTemplate, { config: fast });
    peer.send(`a1 LOGIN admin "s3cr\\"et"\r\na2 AUTHENTICATE PLAIN ${b64(`\0${user}\0nope`)}\r\na3 AUTHENTICATE LOGIN\r\n`);
    await peer.until('a1 NO [AUTHENTICATIONFAILED] Authentication failed.\r\na2 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n+ VXNlcm5hbWU6\r\n');
    peer.send(`${b64(user)}\r\n`);
    await peer.until('+ UGFzc3dvcmQ6\r\n');
    peer.send(`${b64(password)}\r\n`);
    await peer.until(/a3 OK \[CAPABILITY IMAP4rev1 [^\]]+\] Logged in\r\n/);
    const auth = ctx.eventsOf('auth').map((e) => [e.fields.username, e.fields.secret_printable, e.fields.outcome, e.fields.mechanism]);
    expect(auth).toEqual([['admin', 's3cr"et', 'failure', 'LOGIN'], [user, 'nope', 'failure', 'PLAIN'], [user, password, 'success', 'LOGIN']]);
    expect(ctx.eventsOf('auth')[0]?.fields.secret_kind).toBe('plaintext');
  });

  it('reads the bait: SELECT, FETCH with literals, SEARCH, UID FETCH, STATUS and LIST', async () => {
    const { peer, ctx } = startSession(imapTemplate, { config: fast });
    peer.send(`a1 LOGIN {${user.length}+}\r\n${user} {${password.length}}\r\n`);
    await peer.until('+ OK\r\n');
    peer.send(`${password}\r\n`);
    await peer.until('a1 OK [CAPABILITY');
    const box = buildMailbox(persona, user);
    peer.send('a2 LIST "" "*"\r\na3 SELECT INBOX\r\n');
    await peer.until(/\* LIST \(\\HasNoChildren\) "\/" INBOX\r\n[\s\S]*a2 OK List completed \(\d\.\d{3} \+ 0\.000 secs\)\.\r\n/);
    await peer.until(`* ${box.messages.length} EXISTS\r\n`);
    await peer.until(/a3 OK \[READ-WRITE\] Select completed/);
    const handover = box.messages.find((m) => m.subject.startsWith('Handover'));
    expect(handover).toBeDefined();
    peer.send(`a4 FETCH ${handover?.seq} (FLAGS UID RFC822.SIZE ENVELOPE BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)])\r\n`);
    await peer.until(/a4 OK Fetch completed/);
    expect(peer.text).toContain(`* ${handover?.seq} FETCH (FLAGS (\\Seen) UID ${handover?.uid} RFC822.SIZE ${handover?.raw.length} ENVELOPE (`);
    expect(peer.text).toContain(`BODY[HEADER.FIELDS (SUBJECT FROM)] {`);
    peer.clear();
    peer.send('a5 SEARCH SUBJECT "deploy keys"\r\na6 UID FETCH 1:* (UID)\r\na7 STATUS INBOX (MESSAGES UNSEEN)\r\n');
    const aws = box.messages.find((m) => m.subject.includes('deploy keys'));
    await peer.until(`* SEARCH ${aws?.seq}\r\n`);
    await peer.until(/a7 OK Status completed/);
    expect(peer.text).toContain(`* STATUS "INBOX" (MESSAGES ${box.messages.length} UNSEEN 3)`);
    peer.send(`a8 UID FETCH ${aws?.uid} BODY[TEXT]\r\na9 FOO\r\na10 LOGOUT\r\n`);
    await peer.until(/aws_secret_access_key = [A-Za-z0-9+/]{40}\r\n/);
    await peer.until('a9 BAD Error in IMAP command FOO: Unknown command');
    await peer.until(/\* BYE Logging out\r\na10 OK Logout completed/);
    const fetched = ctx.eventsOf('command').filter((e) => e.fields.bait_ids);
    expect(fetched.at(-1)?.fields.bait_ids).toBe(aws?.baits[0]?.id);
    expect(String(fetched.at(-1)?.fields.bait_ids)).toMatch(/^bait-[0-9a-f]{10}$/);
  });

  it('handles AUTHENTICATE abort and bad base64, EXAMINE read-only, IDLE/DONE and CLOSE', async () => {
    const { peer } = startSession(imapTemplate, { config: fast });
    peer.send('a1 AUTHENTICATE PLAIN\r\n');
    await peer.until('+ \r\n');
    peer.send('*\r\na2 AUTHENTICATE LOGIN\r\n');
    await peer.until('a1 BAD Authentication aborted by client.\r\n+ VXNlcm5hbWU6\r\n');
    peer.send('!!notbase64\r\na3 AUTHENTICATE CRAM-MD5\r\n');
    await peer.until('a2 BAD Invalid base64 data in continued response\r\na3 NO [CANNOT] Unsupported authentication mechanism.\r\n');
    peer.send(`a4 LOGIN "${user}" "${password}"\r\na5 EXAMINE inbox\r\na6 STORE 1 +FLAGS (\\Deleted)\r\na7 IDLE\r\n`);
    await peer.until(/a5 OK \[READ-ONLY\] Examine completed[^\r]*\r\na6 NO Mailbox is read-only[^\r]*\r\n\+ idling\r\n/);
    peer.send('DONE\r\na8 CLOSE\r\na9 FETCH 1 FLAGS\r\n');
    await peer.until(/a7 OK Idle completed[^\r]*\r\na8 OK Close completed[^\r]*\r\na9 BAD No mailbox selected/);
  });

  it('refuses plaintext LOGIN before TLS when plaintext_auth is off (LOGINDISABLED)', async () => {
    const { peer } = startSession(imapTemplate, { config: { ...fast, plaintext_auth: 'no' }, extend: { startTls: async () => undefined } });
    await peer.until('ENABLE IDLE LITERAL+ STARTTLS LOGINDISABLED] ');
    peer.send(`a LOGIN ${user} ${password}\r\n`);
    await peer.until('a NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.\r\n');
  });

  it('seeds the mailbox per persona and per email_seed', () => {
    const a = buildMailbox(persona, 'alice');
    const b = buildMailbox(examplePersona({ seed: 'feedfacecafebeef' }), 'alice');
    const c = buildMailbox(persona, 'alice', 'other');
    expect(a.messages.length).toBeGreaterThanOrEqual(10);
    expect(a.baits.map((x) => x.value)).not.toEqual(b.baits.map((x) => x.value));
    expect(a.baits.map((x) => x.value)).not.toEqual(c.baits.map((x) => x.value));
    for (const m of a.messages) {
      expect(m.internalDate.getTime()).toBeLessThan(persona.shell.bootedAtMs);
      expect(m.messageId).toMatch(/@/);
      expect(m.raw.toString()).toMatch(/^Return-Path: <[^>]+>\r\n[\s\S]*\r\nMessage-ID: <[^>]+>\r\nDate: \w{3}, \d{1,2} \w{3} \d{4} [\d:]{8} \+0000\r\n/);
    }
    expect(a.messages.find((m) => m.subject.startsWith('Handover'))?.raw.toString()).toContain('@corp.local');
  });
});

describe('imap persona', () => {
  it('words the greeting as each distro packages Dovecot', () => {
    const greet = (distro: DistroSlug): string => derivePersona({ deckyName: `mx-${distro}`, archetype: 'mail-server', distro, services: ['imap', 'pop3'], nowMs: Date.UTC(2026, 0, 1) }).services.imap.greeting;
    expect(greet('debian')).toBe('Dovecot (Debian) ready.');
    expect(greet('ubuntu22')).toBe('Dovecot (Ubuntu) ready.');
    expect(greet('rocky9')).toBe('Dovecot ready.');
    const a = derivePersona({ deckyName: 'mx-a', archetype: 'mail-server', distro: 'debian', nowMs: 0 }).services.imap;
    const b = derivePersona({ deckyName: 'mx-b', archetype: 'mail-server', distro: 'debian', nowMs: 0 }).services.imap;
    expect([a.user, a.password]).not.toEqual([b.user, b.password]);
  });

  it('shows one dovecot in ps whether the decky runs imap, pop3 or both', () => {
    for (const services of [['imap'], ['pop3'], ['imap', 'pop3']]) {
      const p = derivePersona({ deckyName: 'mx-ps', archetype: 'mail-server', distro: 'debian', services, nowMs: Date.UTC(2026, 0, 1) });
      expect(p.shell.processes.filter((x) => x.command === '/usr/sbin/dovecot -F'), services.join('+')).toHaveLength(1);
      expect(p.shell.processes.some((x) => x.user === 'dovecot' && x.command === 'dovecot/anvil')).toBe(true);
    }
  });
});

/** Reads from a socket until `re` matches what arrived since the last call. */
function reader(s: Socket | TLSSocket): (re: RegExp) => Promise<string> {
  let buf = '';
  s.on('data', (d: Buffer) => (buf += d.toString('latin1')));
  return async (re) => {
    for (let i = 0; i < 300 && !re.test(buf); i++) await new Promise((r) => setTimeout(r, 20));
    const out = buf;
    buf = '';
    if (!re.test(out)) throw new Error(`no ${String(re)} in ${JSON.stringify(out)}`);
    return out;
  };
}

describe('imap with real clients under the runner', () => {
  let served: RunnerServed;
  beforeAll(async () => {
    served = await serveUnderRunner([
      { service: 'imap', template: imapTemplate, config: { auth_failure_delay_ms: '0' } },
      { service: 'imap', template: imapTemplate, config: { auth_failure_delay_ms: '0' }, tls: true },
      { service: 'imap', template: imapTemplate, config: { auth_failure_delay_ms: '0', plaintext_auth: 'no' } },
    ]);
  }, 30_000);
  afterAll(() => served.close());

  it('STARTTLS: capabilities change as in Dovecot (no STARTTLS, LOGINDISABLED gone); pipelined clear text is dropped', async () => {
    const raw = netConnect({ host: '127.0.0.1', port: served.port(2) });
    const read = reader(raw);
    expect(await read(/\r\n$/)).toContain('STARTTLS LOGINDISABLED] ');
    raw.write(`a1 STARTTLS\r\na2 LOGIN ${user} ${password}\r\n`);
    expect(await read(/a1 OK Begin TLS negotiation now\.\r\n/)).not.toContain('a2');
    const secure = tlsConnect({ socket: raw, rejectUnauthorized: false });
    const readTls = reader(secure);
    await new Promise((r) => secure.once('secureConnect', r));
    secure.write('b1 CAPABILITY\r\n');
    const caps = await readTls(/b1 OK/);
    expect(caps).toContain('* CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN AUTH=LOGIN\r\n');
    secure.write(`b2 LOGIN ${user} ${password}\r\nb3 LOGOUT\r\n`);
    await readTls(/b3 OK Logout completed/);
    secure.destroy();
    expect(served.events('protocol_error', 'imap')[0]?.fields).toMatchObject({ error: 'starttls_command_injection' });
    expect(served.events('auth', 'imap').filter((e) => e.fields.outcome === 'success').length).toBeGreaterThanOrEqual(1);
  });

  it.runIf(hasBinary('curl'))('curl reads the bait over STARTTLS and over IMAPS; a wrong password fails', async () => {
    const box = buildMailbox(persona, user);
    const before = served.events('auth', 'imap').length;
    const tlsRead = await runCli('curl', ['-sS', '--ssl-reqd', '-k', `imap://127.0.0.1:${served.port(0)}/INBOX;UID=1`, '-u', `${user}:${password}`]);
    console.info(`curl --ssl-reqd imap:// (exit ${tlsRead.code}): ${tlsRead.stdout.split('\r\n').slice(0, 12).join(' | ')}`);
    expect(tlsRead.code).toBe(0);
    expect(tlsRead.stdout).toContain(`Subject: ${box.messages[0]?.subject}`);
    const implicit = await runCli('curl', ['-sS', '-k', `imaps://127.0.0.1:${served.port(1)}/INBOX;UID=3`, '-u', `${user}:${password}`]);
    expect(implicit.code).toBe(0);
    expect(implicit.stdout).toContain(box.messages[2]?.messageId);
    const list = await runCli('curl', ['-sS', '-k', `imaps://127.0.0.1:${served.port(1)}/`, '-u', `${user}:${password}`]);
    console.info(`curl imaps:// LIST: ${list.stdout.trim().split('\r\n').join(' | ')}`);
    expect(list.stdout).toContain('* LIST (\\HasNoChildren) "/" INBOX');
    const wrong = await runCli('curl', ['-sS', '--ssl-reqd', '-k', `imap://127.0.0.1:${served.port(0)}/INBOX;UID=1`, '-u', `${user}:Wrong-${password}`]);
    console.info(`curl wrong password (exit ${wrong.code}): ${wrong.stderr.trim()}`);
    expect(wrong.code).toBe(67);
    const auths = served.events('auth', 'imap').slice(before);
    expect(auths.map((a) => a.fields.outcome)).toEqual(['success', 'success', 'success', 'failure']);
    expect(auths.at(-1)?.fields.secret_printable).toBe(`Wrong-${password}`);
    expect(auths[0]?.fields.tls).toBe('true');
    expect(served.runner.unknownMsgids()).toEqual([]);
  }, 30_000);

  it.runIf(hasBinary('nmap'))('nmap -sV names Dovecot imapd; imap-capabilities lists STARTTLS', async () => {
    const line = await nmapServiceLine(served.port(0));
    console.info(`nmap: ${line}`);
    expect(line).toMatch(/open\s+imap\s+Dovecot imapd/);
    const debian = derivePersona({ deckyName: 'mx-deb', archetype: 'mail-server', distro: 'debian', services: ['imap'], nowMs: Date.UTC(2026, 0, 1) });
    const deb = await serveUnderRunner([{ service: 'imap', template: imapTemplate }], { persona: debian });
    try {
      const debLine = await nmapServiceLine(deb.port(0));
      console.info(`nmap (Debian greeting): ${debLine}`);
      expect(debLine).toMatch(/open\s+imap\s+Dovecot imapd/);
    } finally {
      await deb.close();
    }
    const caps = await runCli('nmap', ['-sV', '-Pn', '-n', '-p', String(served.port(0)), '--script', 'imap-capabilities', '127.0.0.1'], { timeoutMs: 60_000 });
    const capLine = caps.stdout.split('\n').find((l) => l.includes('imap-capabilities')) ?? caps.stdout;
    console.info(`nmap imap-capabilities: ${capLine.trim()}`);
    expect(capLine).toMatch(/STARTTLS/);
    expect(capLine).toMatch(/AUTH=PLAIN/);
  }, 90_000);
});
