// NTLMSSP and SPNEGO: exact CHALLENGE layout for Windows and Samba personas, an AUTHENTICATE
// round trip whose hashcat line is verified from the password (MS-NLMP §3.3.2), and property tests
// (random, truncated, oversized input never throws; fields never read past the message).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authenticateMessage, md4, negotiateMessage, verifyNetNtlmV2 } from '../_testing/ntlm-client';
import {
  AV,
  classifyAuthenticate,
  clientNegTokenInit,
  NTLM,
  ntlmIdentity,
  ntlmServerExchange,
  negTokenResp,
  OID,
  parseAuthenticate,
  parseNegotiate,
  serverNegTokenInit,
  unwrapSpnego,
} from './index';

const WIN = {
  hostname: 'FS01',
  domain: 'corp.local',
  windows: { productName: 'Windows Server 2019 Standard', major: 10, minor: 0, build: 17763, netbiosComputer: 'FS01', netbiosDomain: 'CORP', dnsDomain: 'corp.local', dnsForest: 'corp.local', domainJoined: true },
};

function avPairs(info: Buffer): Map<number, Buffer> {
  const m = new Map<number, Buffer>();
  for (let o = 0; o + 4 <= info.length; ) {
    const id = info.readUInt16LE(o);
    const len = info.readUInt16LE(o + 2);
    m.set(id, info.subarray(o + 4, o + 4 + len));
    o += 4 + len;
    if (id === AV.EOL) break;
  }
  return m;
}

function readChallenge(c: Buffer): { flags: number; challenge: Buffer; target: string; info: Buffer; version: number[] } {
  const info = c.subarray(c.readUInt32LE(44), c.readUInt32LE(44) + c.readUInt16LE(40));
  return {
    flags: c.readUInt32LE(20),
    challenge: c.subarray(24, 32),
    target: c.subarray(c.readUInt32LE(16), c.readUInt32LE(16) + c.readUInt16LE(12)).toString('utf16le'),
    info,
    version: [c[48]!, c[49]!, c.readUInt16LE(50), c[55]!],
  };
}

describe('NTLMSSP', () => {
  it('MD4 test vectors (RFC 1320) for the test-side NTOWF', () => {
    expect(md4(Buffer.from('abc')).toString('hex')).toBe('a448017aaf21d8525fc10ae87aa6729d');
    expect(md4(Buffer.from('password', 'utf16le')).toString('hex')).toBe('8846f7eaee8fb117ad06bdd830b7586c');
  });

  it('builds a Windows domain member CHALLENGE: domain target, AV pairs, version 10.0.17763 rev 15', () => {
    const id = ntlmIdentity(WIN);
    const ex = ntlmServerExchange(id, () => new Date('2026-01-01T00:00:00Z'));
    const c = readChallenge(ex.challenge(negotiateMessage())!);
    expect(c.challenge.equals(ex.serverChallenge)).toBe(true);
    expect(c.target).toBe('CORP');
    expect(c.flags & NTLM.TARGET_TYPE_DOMAIN).toBeTruthy();
    expect(c.flags & (NTLM.UNICODE | NTLM.TARGET_INFO | NTLM.VERSION | NTLM.EXTENDED_SESSIONSECURITY | NTLM.KEY_EXCH | NTLM.N128)).toBe(
      NTLM.UNICODE | NTLM.TARGET_INFO | NTLM.VERSION | NTLM.EXTENDED_SESSIONSECURITY | NTLM.KEY_EXCH | NTLM.N128,
    );
    expect(c.version).toEqual([10, 0, 17763, 15]);
    const av = avPairs(c.info);
    expect(av.get(AV.NbDomainName)?.toString('utf16le')).toBe('CORP');
    expect(av.get(AV.NbComputerName)?.toString('utf16le')).toBe('FS01');
    expect(av.get(AV.DnsDomainName)?.toString('utf16le')).toBe('corp.local');
    expect(av.get(AV.DnsComputerName)?.toString('utf16le')).toBe('FS01.corp.local');
    expect(av.get(AV.DnsTreeName)?.toString('utf16le')).toBe('corp.local');
    expect(av.get(AV.Timestamp)?.readBigUInt64LE()).toBe((1767225600000n + 11644473600000n) * 10000n);
  });

  it('draws a fresh server challenge per exchange', () => {
    const id = ntlmIdentity(WIN);
    const seen = new Set(Array.from({ length: 20 }, () => ntlmServerExchange(id, () => new Date()).serverChallenge.toString('hex')));
    expect(seen.size).toBe(20);
  });

  it('names a workgroup Windows machine and a standalone Samba server as the target (server type)', () => {
    const wg = ntlmIdentity({ ...WIN, windows: { ...WIN.windows, domainJoined: false, dnsDomain: '', netbiosDomain: 'WORKGROUP' } });
    expect([wg.targetName, wg.nbDomain, wg.dnsComputer, wg.dnsTree, wg.targetIsDomain]).toEqual(['FS01', 'FS01', 'FS01', undefined, false]);
    const samba = ntlmIdentity({ hostname: 'files-01', domain: 'acme.lan' });
    expect(samba).toMatchObject({ targetName: 'FILES-01', nbComputer: 'FILES-01', dnsComputer: 'files-01.acme.lan', flavor: 'samba', version: { major: 6, minor: 1, build: 0 } });
    const c = readChallenge(ntlmServerExchange(samba, () => new Date()).challenge(negotiateMessage())!);
    expect(c.flags & NTLM.TARGET_TYPE_SERVER).toBeTruthy();
  });

  it('captures NTLMv2 as a hashcat -m 5600 line that the password verifies', () => {
    const id = ntlmIdentity(WIN);
    const ex = ntlmServerExchange(id, () => new Date());
    const ch = readChallenge(ex.challenge(negotiateMessage())!);
    const cap = ex.authenticate(authenticateMessage({ user: 'alice', domain: 'CORP', password: 'Passw0rd!', serverChallenge: ch.challenge, targetInfo: ch.info }), 'failure')!;
    expect(cap.kind).toBe('ntlmv2');
    expect(cap.principal).toBe('CORP\\alice');
    expect(cap.fields.secret_kind).toBe('ntlmssp_v2');
    expect(cap.fields.ntlmv2_hashcat).toMatch(/^alice::CORP:[0-9a-f]{16}:[0-9a-f]{32}:0101/);
    expect(verifyNetNtlmV2(cap.fields.ntlmv2_hashcat!, 'Passw0rd!')).toBe(true);
    expect(verifyNetNtlmV2(cap.fields.ntlmv2_hashcat!, 'wrong')).toBe(false);
  });

  it('classifies the null session as anonymous', () => {
    const a = parseAuthenticate(authenticateMessage({ user: '', domain: '', serverChallenge: Buffer.alloc(8) }))!;
    expect(classifyAuthenticate(a)).toBe('anonymous');
    // smbclient -N first offers the login name with no response at all: not a credential.
    const named = parseAuthenticate(authenticateMessage({ user: 'root', domain: 'WORKGROUP', serverChallenge: Buffer.alloc(8) }))!;
    expect(classifyAuthenticate(named)).toBe('no_response');
  });

  it('wraps and unwraps SPNEGO negTokenInit / negTokenResp', () => {
    const init = unwrapSpnego(serverNegTokenInit([OID.NEGOEX, OID.MS_KRB5, OID.KRB5, OID.KRB5_U2U, OID.NTLMSSP]))!;
    expect(init.mechTypes).toEqual([OID.NEGOEX, OID.MS_KRB5, OID.KRB5, OID.KRB5_U2U, OID.NTLMSSP]);
    const neg = negotiateMessage();
    const c = unwrapSpnego(clientNegTokenInit([OID.NTLMSSP], neg))!;
    expect(c.kind).toBe('init');
    expect(c.token?.equals(neg)).toBe(true);
    const big = Buffer.alloc(300, 7);
    const r = unwrapSpnego(negTokenResp({ negState: 1, supportedMech: OID.NTLMSSP, token: big }))!;
    expect([r.kind, r.negState, r.supportedMech, r.token?.equals(big)]).toEqual(['resp', 1, OID.NTLMSSP, true]);
    expect(unwrapSpnego(neg)?.kind).toBe('raw');
  });

  it('never throws on random, truncated or mutated messages and keeps names bounded', () => {
    const valid = [negotiateMessage(), authenticateMessage({ user: 'u', domain: 'd', password: 'p', serverChallenge: Buffer.alloc(8) }), clientNegTokenInit([OID.NTLMSSP], negotiateMessage())];
    fc.assert(
      fc.property(fc.constantFrom(...valid), fc.nat(), fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 600 }), (base, cut, patch, random) => {
        const truncated = base.subarray(0, cut % (base.length + 1));
        const mutated = Buffer.from(base);
        patch.forEach((v, i) => (mutated[(i * 7 + cut) % mutated.length] = v));
        for (const m of [truncated, mutated, Buffer.from(random)]) {
          parseNegotiate(m);
          const a = parseAuthenticate(m);
          if (a) expect(a.user.length + a.domain.length + a.workstation.length).toBeLessThanOrEqual(768);
          const s = unwrapSpnego(m);
          if (s) expect(s.mechTypes.length).toBeLessThanOrEqual(16);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses oversized messages and fields pointing outside the message', () => {
    const a = authenticateMessage({ user: 'u', domain: 'd', password: 'p', serverChallenge: Buffer.alloc(8) });
    a.writeUInt32LE(0xfffffff0, 24);
    expect(parseAuthenticate(a)).toBeNull();
    expect(parseNegotiate(Buffer.concat([negotiateMessage(), Buffer.alloc(20_000)]))).toBeNull();
  });
});
