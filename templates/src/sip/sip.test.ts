// sip under the real runner on loopback (UDP and TCP on one port): sipsak pings with OPTIONS and
// registers with a password (the captured Digest verifies against that password offline), svmap
// names the PBX, svcrack's guesses are each captured; nmap -sV / -sU name the persona's PBX.
import { createHash } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derivePersona } from '../persona/derive';
import { hasBinary, runCli } from '../_testing';
import { allListeners } from '../_testing/probes';
import { startDeckyRunner, type DeckyRunner } from '../runner/runner';
import { LineSink } from '../runner/test-harness';

const persona = derivePersona({ deckyName: 'pbx-01', archetype: 'voip-server', distro: 'debian', services: ['sip'], nowMs: Date.UTC(2026, 0, 10) });
const part = persona.services.sip;
const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

/** RFC 2617 §3.2.2.1 request-digest for a guess: what an offline cracker computes. */
function digestFor(f: Record<string, string>, method: string, password: string): string {
  const ha1 = md5(`${f['principal']}:${f['realm']}:${password}`);
  const ha2 = md5(`${method}:${f['uri']}`);
  return f['qop'] ? md5(`${ha1}:${f['nonce']}:${f['nc']}:${f['cnonce']}:${f['qop']}:${ha2}`) : md5(`${ha1}:${f['nonce']}:${ha2}`);
}

describe('sip with real clients', () => {
  const sink = new LineSink();
  let runner: DeckyRunner;
  let port = 0;
  beforeAll(async () => {
    runner = await startDeckyRunner({ decky: 'pbx-01', persona, out: sink.out, strictMsgids: true, listeners: allListeners(['sip']) });
    port = runner.ports.find((p) => p.key === 'sip/udp')!.port;
    if (runner.ports.find((p) => p.key === 'sip')!.port !== port) {
      await runner.close();
      runner = await startDeckyRunner({ decky: 'pbx-01', persona, out: sink.out, strictMsgids: true, listeners: allListeners(['sip']).map((l) => ({ ...l, port })) });
    }
  });
  afterAll(() => runner.close());

  it.runIf(hasBinary('sipsak'))('sipsak OPTIONS over UDP and TCP gets 200 with the PBX Server header', async () => {
    const u = await runCli('sipsak', ['-vv', '-s', `sip:100@127.0.0.1:${port}`]);
    expect(u.stdout).toContain('SIP/2.0 200 OK');
    expect(u.stdout).toContain(`Server: ${part.userAgent}`);
    expect(u.stdout).toMatch(/Allow: .*INVITE/);
    const t = await runCli('sipsak', ['-vv', '-E', 'tcp', '-s', `sip:100@127.0.0.1:${port}`]);
    expect(t.stdout).toContain('SIP/2.0 200 OK');
    const reqs = sink.of('request', 'sip').filter((r) => r.fields['method'] === 'OPTIONS');
    expect(reqs.map((r) => r.fields['transport']).sort()).toEqual(['tcp', 'udp']);
    expect(reqs[0]!.fields).toMatchObject({ status: '200', user_agent: expect.stringContaining('sipsak') as unknown, src_ip: '127.0.0.1' });
  });

  it.runIf(hasBinary('sipsak'))('sipsak REGISTER with a password: 401 challenge, the Digest captured and crackable offline', async () => {
    const r = await runCli('sipsak', ['-vvv', '-U', '-C', `sip:alice@127.0.0.1:${port}`, '-s', `sip:alice@127.0.0.1:${port}`, '-a', 'Winter2024!', '-u', 'alice', '-x', '60']);
    expect(r.stdout).toContain('SIP/2.0 401 Unauthorized');
    const cred = (await sink.waitFor((recs) => recs.some((x) => x.eventType === 'request' && x.fields['secret_kind'] === 'sip_digest'))).find((x) => x.fields['secret_kind'] === 'sip_digest')!;
    const f = cred.fields as Record<string, string>;
    expect(f).toMatchObject({ method: 'REGISTER', principal: 'alice', realm: part.realm, outcome: 'failure', nonce_issued: '1', realm_match: '1', transport: 'udp' });
    expect(f['response']).toBe(digestFor(f, 'REGISTER', 'Winter2024!'));
    expect(f['response']).not.toBe(digestFor(f, 'REGISTER', 'wrong'));
    expect(Buffer.from(f['secret_b64']!, 'base64').toString()).toMatch(/^\$sip\$\*[^*]*\*127\.0\.0\.1\*alice\*/);
  });

  it('under a UDP flood of OPTIONS and INVITEs, no answer exceeds 3x its request and garbage gets none', async () => {
    const s = createSocket('udp4');
    await new Promise<void>((ok) => s.bind(0, '127.0.0.1', ok));
    const replies: Buffer[] = [];
    s.on('message', (m) => replies.push(m));
    const msg = (method: string, i: number): Buffer =>
      Buffer.from(`${method} sip:${100 + i}@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:${s.address().port};branch=z9hG4bK${i};rport\r\nFrom: <sip:x@y>;tag=${i}\r\nTo: <sip:${100 + i}@127.0.0.1>\r\nCall-ID: f${i}\r\nCSeq: 1 ${method}\r\nContent-Length: 0\r\n\r\n`);
    let smallest = Infinity;
    for (let i = 0; i < 200; i++) {
      const m = i % 10 === 9 ? Buffer.from('\x00\x01garbage\r\n\r\n') : msg(i % 2 ? 'INVITE' : 'OPTIONS', i);
      if (i % 10 !== 9) smallest = Math.min(smallest, m.length);
      s.send(m, port, '127.0.0.1');
    }
    await sink.waitFor((r) => r.some((x) => x.eventType === 'rate_limited' && x.service === 'sip'));
    // The runner logs before its answers reach our socket: give the admitted answers time to arrive (bounded).
    for (let i = 0; i < 100 && replies.length <= 10; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100));
    s.close();
    expect(replies.length).toBeGreaterThan(10);
    expect(replies.length).toBeLessThan(120);
    expect(Math.max(...replies.map((r) => r.length))).toBeLessThanOrEqual(3 * smallest);
    expect(replies.every((r) => r.toString('latin1').startsWith('SIP/2.0 '))).toBe(true);
    expect(sink.of('parse_error', 'sip').length).toBeGreaterThan(0);
  });

  it.runIf(hasBinary('svmap'))('svmap finds the PBX and names its User-Agent', async () => {
    const r = await runCli('svmap', ['-p', String(port), '127.0.0.1'], { timeoutMs: 60_000 });
    expect(r.stdout).toContain(`127.0.0.1:${port}`);
    expect(r.stdout).toContain(part.userAgent);
  }, 70_000);

  it.runIf(hasBinary('svcrack'))('svcrack guesses against REGISTER are each captured', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'svcrack-'));
    try {
      writeFileSync(join(dir, 'words'), 'guess1\nguess2\nguess3\n');
      await runCli('svcrack', ['-u', '2001', '-d', join(dir, 'words'), '-p', String(port), '127.0.0.1'], { timeoutMs: 60_000 });
      const got = await sink.waitFor((recs) => recs.filter((x) => x.fields['principal'] === '2001').length >= 3, 20_000);
      const tries = got.filter((x) => x.fields['principal'] === '2001').map((x) => x.fields as Record<string, string>);
      expect(tries.map((t) => ['guess1', 'guess2', 'guess3'].find((w) => digestFor(t, t['method']!, w) === t['response']))).toEqual(['guess1', 'guess2', 'guess3']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 70_000);

  it.runIf(hasBinary('svwar'))('svwar cannot enumerate extensions (every unknown one is challenged, as alwaysauthreject does) and is named', async () => {
    const r = await runCli('svwar', ['-e100-105', '-p', String(port), '127.0.0.1'], { timeoutMs: 40_000 });
    expect(r.stdout + r.stderr).toContain('SIP server replied with an authentication request for an unknown extension');
    const probe = sink.of('request', 'sip').find((x) => x.fields['user_agent'] === 'friendly-scanner' && x.fields['method'] === 'REGISTER');
    expect(probe?.fields).toMatchObject({ scanner: 'sipvicious', status: '401', auth: '0' });
  }, 60_000);

  it.runIf(hasBinary('nmap'))('nmap -sV (TCP) and -sU -sV (UDP) name the persona PBX', async (t) => {
    // On the real port 5060 (a loopback address of its own; root, or skipped) nmap sends its SIP probe
    // first and stops at the match; on any other port -sV walks every probe (minutes over UDP).
    const host = '127.50.60.1';
    const own = await startDeckyRunner({ decky: 'pbx-01', persona, out: new LineSink().out, strictMsgids: true, listeners: allListeners(['sip']).map((l) => ({ ...l, host, port: 5060 })) }).catch(() => undefined);
    if (!own) return t.skip();
    try {
      const version = /[\d.]+(?:\([\d.]+\))?$/.exec(part.userAgent)![0].replace(/[.()]/g, '\\$&');
      await Promise.all(([[['-sV'], 'tcp'], [['-sU', '-sV'], 'udp']] as const).map(async ([args, proto]) => {
        const r = await runCli('nmap', [...args, '--version-intensity', '0', '-Pn', '-n', '-p', '5060', host], { timeoutMs: 120_000 });
        const line = r.stdout.split('\n').find((l) => l.startsWith(`5060/${proto}`)) ?? r.stdout;
        console.info(`nmap: ${line}`);
        expect(line).toMatch(new RegExp(`open\\s+sip(?:-proxy)?\\s+.*(Asterisk|FPBX).*${version}`));
      }));
    } finally {
      await own.close();
    }
  }, 150_000);
});
