// VNC template: the 3.3/3.7/3.8 handshakes byte by byte, the captured DES response recomputed from
// the password, TigerVNC's lock-out, then real clients (vncsnapshot, xtightvncviewer) and nmap.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBinary, nmapServiceLine, runCli, serveTemplate, startSession, type Served } from '../_testing';
import { derivePersona } from '../persona/derive';
import { vncTemplate, type VncConfig } from './index';

/** DES-ECB with the openssl CLI (node's OpenSSL 3 keeps DES in the legacy provider). */
function desEcb(key: Buffer, data: Buffer): Buffer {
  return execFileSync('openssl', ['enc', '-des-ecb', '-nopad', '-K', key.toString('hex'), '-provider', 'legacy', '-provider', 'default'], { input: data });
}
const reverseBits = (b: number): number => {
  let r = 0;
  for (let i = 0; i < 8; i++) r |= ((b >> i) & 1) << (7 - i);
  return r;
};
/** VNC Authentication (RFC 6143 §7.2.2): the password's first 8 bytes, each bit-reversed, as DES key. */
function vncResponse(password: string, challenge: Buffer): Buffer {
  const key = Buffer.alloc(8);
  Buffer.from(password, 'latin1').copy(key, 0, 0, 8);
  return desEcb(Buffer.from(key.map(reverseBits)), challenge);
}

const NO_LOCKOUT = { blacklist_threshold: 0 };
const windowsPersona = derivePersona({ deckyName: 'vnc-win', archetype: 'windows-workstation', services: ['vnc'], nowMs: Date.UTC(2026, 0, 1) });

describe('vnc session', () => {
  it('RFB 3.8: version, types [2], challenge, captured response, "Authentication failure" like TigerVNC', async () => {
    const { peer, ctx } = startSession(vncTemplate, { config: NO_LOCKOUT });
    expect(await peer.until('\n')).toBe('RFB 003.008\n');
    peer.clear();
    peer.send('RFB 003.008\n');
    await peer.until((t) => t.length >= 2);
    expect([...peer.bytes]).toEqual([1, 2]);
    peer.clear();
    peer.send(Uint8Array.of(2));
    await peer.until((t) => t.length >= 16);
    const challenge = peer.bytes;
    expect(challenge).toHaveLength(16);
    peer.clear();
    const response = vncResponse('s3cret!', challenge);
    peer.send(response);
    await peer.untilClosed();
    expect(peer.text).toBe('\x00\x00\x00\x01\x00\x00\x00\x16Authentication failure');
    const ev = ctx.eventsOf('auth_response')[0]?.fields;
    expect(ev?.secret_kind).toBe('vnc_des_response');
    expect(ev?.secret_b64).toBe(Buffer.concat([challenge, response]).toString('base64'));
    expect(ev?.john).toBe(`$vnc$*${challenge.toString('hex').toUpperCase()}*${response.toString('hex').toUpperCase()}`);
    expect(ctx.eventsOf('version')[0]?.fields.client_version).toBe('RFB 003.008');
    expect(ctx.eventsOf('security_choice')[0]?.fields.type).toBe(2);
    expect(ctx.uncatalogued()).toEqual([]);
  });

  it('RFB 3.3: the server chooses type 2 and the failure has no reason; 3.7: types listed, no reason', async () => {
    const old = startSession(vncTemplate, { config: NO_LOCKOUT });
    await old.peer.until('\n');
    old.peer.clear();
    old.peer.send('RFB 003.003\n');
    await old.peer.until((t) => t.length >= 20);
    expect([...old.peer.bytes.subarray(0, 4)]).toEqual([0, 0, 0, 2]);
    old.peer.clear();
    old.peer.send(Buffer.alloc(16, 7));
    await old.peer.untilClosed();
    expect([...old.peer.bytes]).toEqual([0, 0, 0, 1]);
    expect(old.ctx.eventsOf('security_choice')[0]?.fields.chosen_by).toBe('server');

    const mid = startSession(vncTemplate, { config: NO_LOCKOUT });
    await mid.peer.until('\n');
    mid.peer.clear();
    mid.peer.send('RFB 003.007\n\x02');
    await mid.peer.until((t) => t.length >= 18);
    expect([...mid.peer.bytes.subarray(0, 2)]).toEqual([1, 2]);
    mid.peer.clear();
    mid.peer.send(Buffer.alloc(16, 9));
    await mid.peer.untilClosed();
    expect([...mid.peer.bytes]).toEqual([0, 0, 0, 1]);
  });

  it('a Windows persona runs TightVNC wording ("Authentication failed"), no lock-out', async () => {
    expect(windowsPersona.services.vnc.product).toBe('tightvnc');
    const { peer } = startSession(vncTemplate, { persona: windowsPersona });
    await peer.until('\n');
    peer.send('RFB 003.008\n\x02');
    await peer.until((t) => t.length >= 12 + 2 + 16);
    peer.send(Buffer.alloc(16, 1));
    await peer.untilClosed();
    expect(peer.text.endsWith('\x00\x00\x00\x01\x00\x00\x00\x15Authentication failed')).toBe(true);
  });

  it('refuses a 6th connection within the timeout with "Too many security failures" (TigerVNC Blacklist)', async () => {
    const config = { blacklist_threshold: 5, blacklist_timeout_s: 60 };
    const persona = derivePersona({ deckyName: 'vnc-lock', archetype: 'linux-server', services: ['vnc'], nowMs: Date.UTC(2026, 0, 1) });
    for (let i = 0; i < 5; i++) {
      const { peer } = startSession(vncTemplate, { config, persona });
      expect(await peer.until('\n')).toBe('RFB 003.008\n');
      peer.stream.destroy();
    }
    const { peer, ctx } = startSession(vncTemplate, { config, persona });
    await peer.untilClosed();
    expect(peer.text).toBe('RFB 003.003\n\x00\x00\x00\x00\x00\x00\x00\x1aToo many security failures');
    expect(ctx.eventsOf('rate_limited')).toHaveLength(1);
  });

  it('closes silently on a non-RFB client, rejects major 4 and unsupported types, survives random bytes', async () => {
    const junk = startSession(vncTemplate, { config: NO_LOCKOUT });
    junk.peer.send('GET / HTTP/1.0\r\n\r\n');
    await junk.peer.untilClosed();
    expect(junk.peer.text).toBe('RFB 003.008\n');
    expect(junk.ctx.eventsOf('protocol_error')[0]?.fields.head).toBe('GET / HTTP/1');
    const four = startSession(vncTemplate, { config: NO_LOCKOUT });
    four.peer.send('RFB 004.001\n');
    await four.peer.untilClosed();
    expect(four.peer.text.slice(12)).toBe('\x00\x00\x00\x00\x31Client needs protocol version 4.1, server has 3.8');
    const none = startSession(vncTemplate, { config: NO_LOCKOUT });
    none.peer.send('RFB 003.008\n\x01');
    await none.peer.untilClosed();
    expect(none.peer.text).toBe('RFB 003.008\n\x01\x02');
    expect(none.ctx.eventsOf('auth_response')).toEqual([]);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 2000 }), { maxLength: 6 }), async (chunks) => {
        const { peer, ctx } = startSession(vncTemplate, { config: NO_LOCKOUT });
        for (const c of chunks) peer.send(c);
        await new Promise((r) => setImmediate(r));
        expect(ctx.uncatalogued()).toEqual([]);
        expect(ctx.eventsOf('error')).toEqual([]);
        peer.stream.destroy();
      }),
      { numRuns: 80 },
    );
  });
});

describe.runIf(hasBinary('nmap'))('vnc with real clients', () => {
  let served: Served<VncConfig>;
  let dir: string;
  beforeAll(async () => {
    served = await serveTemplate(vncTemplate, { config: NO_LOCKOUT });
    dir = mkdtempSync(join(tmpdir(), 'decnet-vnc-'));
  });
  afterAll(async () => {
    await served.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const captured = (): Array<Record<string, unknown>> => served.events().filter((e) => e.msgid === 'auth_response').map((e) => e.fields);
  const recomputes = (fields: Record<string, unknown> | undefined, password: string): void => {
    const chal = Buffer.from(String(fields?.challenge), 'hex');
    expect(String(fields?.response)).toBe(vncResponse(password, chal).toString('hex'));
    expect(fields?.secret_b64).toBe(Buffer.concat([chal, vncResponse(password, chal)]).toString('base64'));
  };

  it('nmap -sV says "VNC (protocol 3.8)"; vnc-info lists VNC Authentication', async () => {
    const line = await nmapServiceLine(served.port);
    console.info(`nmap: ${line}`);
    expect(line).toMatch(/open\s+vnc\s+VNC \(protocol 3\.8\)/);
    const r = await runCli('nmap', ['-sV', '-Pn', '-n', '-p', String(served.port), '--script', 'vnc-info', '127.0.0.1'], { timeoutMs: 60_000 });
    console.info(r.stdout);
    expect(r.stdout).toMatch(/Protocol version: 3\.8/);
    expect(r.stdout).toMatch(/VNC Authentication \(2\)/);
  }, 90_000);

  it('nmap vnc-brute with a one-entry list: the captured response recomputes from that password', async () => {
    const list = join(dir, 'pass.txt');
    writeFileSync(list, 'winter24\n');
    const before = captured().length;
    const r = await runCli('nmap', ['-sV', '-Pn', '-n', '-p', String(served.port), '--script', 'vnc-brute', '--script-args', `passdb=${list},brute.firstonly=true`, '127.0.0.1'], { timeoutMs: 60_000 });
    console.info(r.stdout);
    const mine = captured().slice(before).filter((f) => String(f.response) === vncResponse('winter24', Buffer.from(String(f.challenge), 'hex')).toString('hex'));
    expect(mine.length).toBeGreaterThan(0);
    recomputes(mine[0], 'winter24');
  }, 90_000);

  it.runIf(hasBinary('vncsnapshot'))('vncsnapshot (RFB 3.3, password file) fails to authenticate; its response recomputes', async () => {
    // vncpasswd's file: the password DES-encrypted with VNC's fixed key (d3des {23,82,107,6,35,78,88,7}).
    const pw = Buffer.alloc(8);
    Buffer.from('Summer99').copy(pw);
    const file = join(dir, 'passwd');
    writeFileSync(file, desEcb(Buffer.from('e84ad660c4721ae0', 'hex'), pw));
    const before = captured().length;
    const r = await runCli('vncsnapshot', ['-passwd', file, `127.0.0.1::${served.port}`, join(dir, 'shot.jpg')], { timeoutMs: 20_000 });
    console.info(`vncsnapshot: ${r.stderr.trim().replace(/\n/g, " | ")}`);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/VNC authentication failed/i);
    const got = captured().slice(before);
    expect(got).toHaveLength(1);
    expect(got[0]?.client_version).toBe('RFB 003.003');
    recomputes(got[0], 'Summer99');
  }, 30_000);

  it.runIf(hasBinary('xtightvncviewer') && hasBinary('xvfb-run'))('xtightvncviewer -autopass under Xvfb is told "Authentication failure"', async () => {
    const before = captured().length;
    const r = await runCli('xvfb-run', ['-a', 'xtightvncviewer', '-autopass', `127.0.0.1::${served.port}`], { timeoutMs: 30_000, input: 'Autumn77\n' });
    const out = `${r.stdout}${r.stderr}`.trim();
    console.info(`xtightvncviewer: ${out.replace(/\n/g, " | ")}`);
    expect(out).toMatch(/Authentication fail/);
    const got = captured().slice(before);
    expect(got).toHaveLength(1);
    recomputes(got[0], 'Autumn77');
  }, 40_000);
});
