// RDP template: X.224 negotiation byte for byte (Windows NLA, NLA off, legacy, xrdp), then TLS and
// CredSSP under the real runner with a scripted NTLM client: the CHALLENGE names the persona and the
// NTLMv2 capture recomputes from the password; TSRequest errorCode STATUS_LOGON_FAILURE for v3+.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AV, clientNegTokenInit, OID, unwrapSpnego } from '../_ntlm';
import { authenticateMessage, negotiateMessage, verifyNetNtlmV2 } from '../_testing/ntlm-client';
import { startSession } from '../_testing';
import { derivePersona } from '../persona/derive';
import { startDeckyRunner, type DeckyRunner } from '../runner/runner';
import { LineSink } from '../runner/test-harness';
import { encodeTsRequest } from './credssp';
import { connectionRequest, NlaClient } from './test-client';
import { rdpTemplate } from './index';

const windows = derivePersona({ deckyName: 'rdp-win', archetype: 'windows-server', services: ['rdp'], nowMs: Date.UTC(2026, 0, 1) });
const hex = (s: string): Buffer => Buffer.from(s.replace(/ /g, ''), 'hex');

async function negotiate(send: Buffer, opts: Parameters<typeof startSession>[1] = {}): Promise<{ reply: string; ctx: ReturnType<typeof startSession>['ctx'] }> {
  const { peer, ctx } = startSession(rdpTemplate, { persona: windows, ...opts });
  peer.send(send);
  await peer.until((t) => t.length >= 11);
  await new Promise((r) => setTimeout(r, 20));
  return { reply: peer.bytes.toString('hex'), ctx };
}

describe('rdp X.224 negotiation', () => {
  it('Windows with NLA: cookie logged, CredSSP selected with flags 0x1f and SRC-REF 0x1234 (nmap\'s match)', async () => {
    const { reply, ctx } = await negotiate(connectionRequest({ user: 'administrator', protocols: 3 }));
    expect(reply).toBe('030000130ed000001234000 21f080002000000'.replace(/ /g, ''));
    expect(ctx.eventsOf('rdp_cookie')[0]?.fields.username).toBe('administrator');
    expect(ctx.eventsOf('connection_request')[0]?.fields).toMatchObject({ requested: 'SSL|HYBRID', selected: 'HYBRID', nla_required: true });
    expect((await negotiate(connectionRequest({ protocols: 11 }))).reply).toBe('030000130ed000001234000 21f080008000000'.replace(/ /g, ''));
  });

  it('answers HYBRID_REQUIRED_BY_SERVER to TLS-only or standard-security clients when NLA is required', async () => {
    expect((await negotiate(connectionRequest({ protocols: 1 }))).reply).toBe(hex('030000130ed00000123400 03 00 0800 05000000').toString('hex'));
    expect((await negotiate(connectionRequest({ user: 'x', protocols: 0 }))).reply).toBe(hex('030000130ed00000123400 03 00 0800 05000000').toString('hex'));
    expect((await negotiate(connectionRequest({ protocols: 1 }), { config: { nla: 'false' } })).reply).toBe(hex('030000130ed00000123400 02 1f 0800 01000000').toString('hex'));
  });

  it('a legacy CR (no RDP_NEG_REQ) gets a bare CC, as nmap\'s TerminalServer probe sees from Windows', async () => {
    expect((await negotiate(hex('0300000b06e00000000000'))).reply).toBe('0300000b06d00000123400');
  });

  it('a Linux persona answers as xrdp: TLS selected, flags 0x01, SRC-REF 0', async () => {
    const linux = derivePersona({ deckyName: 'rdp-lin', archetype: 'linux-server', services: ['rdp'], nowMs: Date.UTC(2026, 0, 1) });
    const { reply } = await negotiate(connectionRequest({ user: 'root', protocols: 3 }), { persona: linux });
    expect(reply).toBe(hex('030000130ed00000000000 02 01 0800 01000000').toString('hex'));
    expect((await negotiate(hex('0300000b06e00000000000'), { persona: linux })).reply).toBe('0300000b06d00000000000');
  });

  it('closes on non-RDP input and survives random bytes without uncatalogued events', async () => {
    const { peer, ctx } = startSession(rdpTemplate, { persona: windows });
    peer.send('GET / HTTP/1.0\r\n\r\n');
    await peer.untilClosed();
    expect(peer.bytes).toHaveLength(0);
    expect(ctx.eventsOf('protocol_error')).toHaveLength(1);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 400 }), { maxLength: 6 }), fc.boolean(), async (chunks, asRdp) => {
        const s = startSession(rdpTemplate, { persona: windows });
        if (asRdp) s.peer.send(connectionRequest({ user: 'u', protocols: 0 }).subarray(0, 11));
        for (const c of chunks) s.peer.send(c);
        await new Promise((r) => setImmediate(r));
        expect(s.ctx.uncatalogued()).toEqual([]);
        expect(s.ctx.eventsOf('error')).toEqual([]);
        s.peer.stream.destroy();
      }),
      { numRuns: 80 },
    );
  });
});

function avPairs(challenge: Buffer): Map<number, string> {
  const info = challenge.subarray(challenge.readUInt32LE(44), challenge.readUInt32LE(44) + challenge.readUInt16LE(40));
  const m = new Map<number, string>();
  for (let o = 0; o + 4 <= info.length; o += 4 + info.readUInt16LE(o + 2)) m.set(info.readUInt16LE(o), info.subarray(o + 4, o + 4 + info.readUInt16LE(o + 2)).toString('utf16le'));
  return m;
}

describe('rdp CredSSP under the runner', () => {
  const sink = new LineSink();
  let runner: DeckyRunner;
  beforeAll(async () => {
    runner = await startDeckyRunner({ decky: windows.deckyName, persona: windows, out: sink.out, strictMsgids: true, listeners: [{ service: 'rdp', template: rdpTemplate, host: '127.0.0.1', port: 0, config: {} }] });
  }, 30_000);
  afterAll(() => runner.close());
  const w = windows.windows!;

  it('TLS with CN = the FQDN, CHALLENGE with the persona\'s names and build, NTLMv2 captured, STATUS_LOGON_FAILURE', async () => {
    const c = await NlaClient.open(runner.ports[0]!.port, 3);
    expect(c.cert).toBe(`${windows.hostname}.${windows.domain}`);
    const r1 = await c.exchange(encodeTsRequest({ version: 6, negoToken: negotiateMessage() }));
    const challenge = r1!.negoTokens[0]!;
    expect(r1?.version).toBe(6);
    expect(challenge.readUInt32LE(8)).toBe(2);
    expect([challenge[48], challenge[49], challenge.readUInt16LE(50)]).toEqual([10, 0, w.build]);
    const av = avPairs(challenge);
    expect(av.get(AV.NbDomainName)).toBe(w.netbiosDomain);
    expect(av.get(AV.NbComputerName)).toBe(w.netbiosComputer);
    expect(av.get(AV.DnsDomainName)).toBe(w.dnsDomain);
    const serverChallenge = challenge.subarray(24, 32);
    const auth = authenticateMessage({ user: 'alice', domain: 'CORP', password: 'Passw0rd!', serverChallenge });
    const r2 = await c.exchange(encodeTsRequest({ version: 6, negoToken: auth, pubKeyAuth: Buffer.alloc(32, 1) }));
    expect(r2?.errorCode).toBe(0xc000006d | 0);
    await c.untilClosed();
    const rec = (await sink.waitFor((rs) => rs.some((r) => r.eventType === 'auth_attempt'))).find((r) => r.eventType === 'auth_attempt')!;
    expect(rec.fields).toMatchObject({ auth_path: 'nla', principal: 'CORP\\alice', secret_kind: 'ntlmssp_v2', cookie_user: 'alice' });
    expect(verifyNetNtlmV2(String(rec.fields.ntlmv2_hashcat), 'Passw0rd!')).toBe(true);
    expect(verifyNetNtlmV2(String(rec.fields.ntlmv2_hashcat), 'wrong')).toBe(false);
  }, 20_000);

  it('SPNEGO-wrapped tokens get SPNEGO answers; a CredSSP v2 client is hung up on without errorCode', async () => {
    const c = await NlaClient.open(runner.ports[0]!.port, 2);
    const r1 = await c.exchange(encodeTsRequest({ version: 2, negoToken: clientNegTokenInit([OID.NTLMSSP], negotiateMessage()) }));
    const resp = unwrapSpnego(r1!.negoTokens[0]!);
    expect(resp).toMatchObject({ kind: 'resp', negState: 1, supportedMech: OID.NTLMSSP });
    expect(resp?.token?.readUInt32LE(8)).toBe(2);
    const r2 = await c.exchange(encodeTsRequest({ version: 2, negoToken: authenticateMessage({ user: 'bob', domain: '', password: 'x', serverChallenge: resp!.token!.subarray(24, 32) }) }));
    expect(r2).toBeNull();
    expect(c.closed).toBe(true);
  }, 20_000);
});
