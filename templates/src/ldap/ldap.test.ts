// LDAP template: AD and slapd rootDSEs, simple bind capture with AD's exact invalidCredentials text,
// anonymous search refusals, StartTLS, then ldapsearch (plain, -ZZ, ldaps://) and nmap -sV under the
// real runner.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { hasBinary, nmapServiceLine, runCli, startSession } from '../_testing';
import { clientNegTokenInit, negTokenResp, OID } from '../_ntlm';
import { authenticateMessage, negotiateMessage, verifyNetNtlmV2 } from '../_testing/ntlm-client';
import { serveDerived, type DerivedServed } from '../_testing/serve-derived';
import { derivePersona } from '../persona/derive';
import { integer, octets, seq } from './ber';
import { ldapTemplate } from './index';

const dc = derivePersona({ deckyName: 'dc01', archetype: 'domain-controller', services: ['ldap'], nowMs: Date.UTC(2026, 0, 1) });
const hasImpacket = ((): boolean => {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import impacket.ldap.ldap'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const msg = (id: number, op: Buffer): Buffer => seq(0x30, integer(id), op);
const simpleBind = (id: number, dn: string, pw: string): Buffer => msg(id, seq(0x60, integer(3), octets(dn), octets(pw, 0x80)));
const search = (id: number, base: string, scope: number, attrs: string[] = []): Buffer =>
  msg(id, seq(0x63, octets(base), integer(scope, 0x0a), integer(0, 0x0a), integer(0), integer(0), Buffer.from([1, 1, 0]), octets('objectClass', 0x87), seq(0x30, ...attrs.map((a) => octets(a)))));

describe('ldap session', () => {
  it('captures a simple bind and refuses it with AD\'s exact text, then refuses an anonymous search like AD', async () => {
    const { peer, ctx } = startSession(ldapTemplate, { persona: dc });
    peer.send(simpleBind(1, 'CN=alice,CN=Users,DC=corp,DC=local', 'Passw0rd!'));
    await peer.until(`80090308: LdapErr: DSID-0C090439, comment: AcceptSecurityContext error, data 52e, ${dc.services.ldap.errorTag}\0`);
    expect(dc.services.ldap.errorTag).toBe(dc.windows!.build >= 17763 ? 'v4563' : 'v3839');
    expect(peer.bytes[0]).toBe(0x30);
    expect(peer.bytes[1]).toBe(0x84);
    const bind = ctx.eventsOf('bind')[0]?.fields;
    expect(bind).toMatchObject({ dn: 'CN=alice,CN=Users,DC=corp,DC=local', principal: 'CN=alice,CN=Users,DC=corp,DC=local', secret_kind: 'plaintext', secret_printable: 'Passw0rd!', outcome: 'failure' });
    peer.clear();
    peer.send(search(2, dc.services.ldap.baseDn, 2));
    await peer.until('successful bind must be completed on the connection., data 0, ');
    expect(ctx.eventsOf('search')[0]?.fields).toMatchObject({ base: dc.services.ldap.baseDn, scope: 'sub', filter: '(objectClass=*)', result: 'refused' });
  });

  it('answers the rootDSE like a DC of the persona: naming contexts, functional level, requested attributes only', async () => {
    const { peer } = startSession(ldapTemplate, { persona: dc });
    peer.send(search(3, '', 0, ['defaultNamingContext', 'domainFunctionality']));
    await peer.until((t) => t.includes('domainFunctionality') && t.includes('\x65'));
    const p = dc.services.ldap;
    expect(p.baseDn).toBe(dc.windows?.dnsDomain.split('.').map((l) => `DC=${l}`).join(','));
    expect(peer.text).toContain(p.baseDn);
    expect(peer.text).not.toContain('dnsHostName');
  });

  it('runs a SASL GSS-SPNEGO NTLM bind: saslBindInProgress with the CHALLENGE, then a verifiable NTLMv2 capture', async () => {
    const { peer, ctx } = startSession(ldapTemplate, { persona: dc });
    const sasl = (id: number, creds: Buffer): Buffer => msg(id, seq(0x60, integer(3), octets(''), seq(0xa3, octets('GSS-SPNEGO'), octets(creds))));
    peer.send(sasl(1, clientNegTokenInit([OID.NTLMSSP], negotiateMessage())));
    const reply = Buffer.from(await peer.until((t) => t.includes('NTLMSSP\0\x02') && t.length > 120), 'latin1');
    expect(reply.includes(Buffer.from([0x0a, 1, 14]))).toBe(true);
    const at = reply.indexOf('NTLMSSP\0');
    const challenge = reply.subarray(at + 24, at + 32);
    peer.clear();
    peer.send(sasl(2, negTokenResp({ token: authenticateMessage({ user: 'alice', domain: 'CORP', password: 'Summer2024!', serverChallenge: challenge }) })));
    await peer.until(`8009030C: LdapErr: DSID-0C0906B5, comment: AcceptSecurityContext error, data 52e, ${dc.services.ldap.errorTag}\0`);
    const cap = ctx.eventsOf('bind')[0]?.fields;
    expect(cap).toMatchObject({ method: 'sasl', secret_kind: 'ntlmssp_v2', principal: 'CORP\\alice' });
    expect(verifyNetNtlmV2(String(cap?.ntlmv2_hashcat), 'Summer2024!')).toBe(true);
  });

  it('speaks slapd on a Linux persona and closes on undecodable or indefinite-length PDUs', async () => {
    const { peer, ctx } = startSession(ldapTemplate);
    peer.send(search(1, '', 0));
    await peer.until('OpenLDAProotDSE');
    peer.send(simpleBind(2, 'cn=admin,dc=corp,dc=local', 'admin'));
    await peer.until(Buffer.from([0x61, 0x84, 0, 0, 0, 7, 0x0a, 1, 49, 4, 0, 4, 0]).toString('latin1'));
    expect(ctx.eventsOf('bind')[0]?.fields.secret_printable).toBe('admin');
    peer.send(Buffer.from([0x30, 0x80, 0x02, 0x01, 0x01, 0, 0]));
    await peer.untilClosed();
    expect(ctx.eventsOf('protocol_error')[0]?.fields.error).toBe('indefinite length');
  });
});

describe.runIf(hasBinary('ldapsearch'))('ldap with real clients under the runner', () => {
  let ad: DerivedServed;
  let slapd: DerivedServed;
  beforeAll(async () => {
    ad = await serveDerived(ldapTemplate, { persona: dc, implicitTls: true });
    slapd = await serveDerived(ldapTemplate, { derive: { deckyName: 'ldap01', archetype: 'file-server', distro: 'debian' } });
  }, 30_000);
  afterAll(async () => {
    await ad.close();
    await slapd.close();
  });
  const env = { ...process.env, LDAPTLS_REQCERT: 'never' };
  const ldapsearch = (args: string[]): Promise<{ stdout: string; stderr: string }> => {
    const old = process.env.LDAPTLS_REQCERT;
    process.env.LDAPTLS_REQCERT = env.LDAPTLS_REQCERT;
    const r = runCli('ldapsearch', ['-x', '-o', 'nettimeout=10', ...args]);
    process.env.LDAPTLS_REQCERT = old;
    return r;
  };

  it('ldapsearch reads the AD rootDSE, and a bind fails with Invalid credentials (49) and is captured', async () => {
    const p = ad.persona.services.ldap;
    const root = await ldapsearch(['-H', `ldap://127.0.0.1:${ad.ports[0]}`, '-s', 'base', '-b', '']);
    expect(root.stdout).toContain(`defaultNamingContext: ${p.baseDn}`);
    expect(root.stdout).toContain(`dnsHostName: ${p.dnsHostName}`);
    expect(root.stdout).toContain('supportedSASLMechanisms: GSS-SPNEGO');
    const bind = await ldapsearch(['-H', `ldap://127.0.0.1:${ad.ports[0]}`, '-D', 'CN=alice,CN=Users,DC=corp,DC=local', '-w', 'Passw0rd!', '-b', p.baseDn]);
    console.info(`ldapsearch: ${bind.stderr.trim().replace(/\n\s*/g, ' | ')}`);
    expect(bind.stderr).toContain('ldap_bind: Invalid credentials (49)');
    expect(bind.stderr).toContain(`additional info: 80090308: LdapErr: DSID-0C090439, comment: AcceptSecurityContext error, data 52e, ${p.errorTag}`);
    const anon = await ldapsearch(['-H', `ldap://127.0.0.1:${ad.ports[0]}`, '-b', p.baseDn, '(sAMAccountName=adm*)']);
    console.info(`ldapsearch anonymous: ${anon.stdout.split('\n').filter((l) => /^(result|text)/.test(l)).join(' | ')}`);
    expect(anon.stdout).toContain('result: 1 Operations error');
    const binds = await ad.waitFor('bind');
    expect(binds.find((b) => b.fields['secret_printable'] === 'Passw0rd!')?.fields['principal']).toBe('CN=alice,CN=Users,DC=corp,DC=local');
    expect((await ad.waitFor('search', 2)).map((s) => s.fields['filter'])).toContain('(sAMAccountName=adm*)');
  }, 30_000);

  it('StartTLS (-ZZ) and LDAPS carry the bind and the rootDSE', async () => {
    const tls = await ldapsearch(['-ZZ', '-H', `ldap://127.0.0.1:${ad.ports[0]}`, '-D', 'bob@corp.local', '-w', 'Winter2025', '-s', 'base', '-b', '']);
    expect(tls.stderr).toContain('Invalid credentials (49)');
    const bind = (await ad.waitFor('bind', 2)).find((b) => b.fields['principal'] === 'bob@corp.local');
    expect(bind?.fields).toMatchObject({ secret_printable: 'Winter2025', tls: '1' });
    const ldaps = await ldapsearch(['-H', `ldaps://127.0.0.1:${ad.ports[1]}`, '-s', 'base', '-b', '', 'dnsHostName']);
    expect(ldaps.stdout).toContain(`dnsHostName: ${ad.persona.services.ldap.dnsHostName}`);
  }, 30_000);

  it('a Linux persona answers like slapd: rootDSE objectClass, empty invalidCredentials text', async () => {
    const root = await ldapsearch(['-H', `ldap://127.0.0.1:${slapd.ports[0]}`, '-s', 'base', '-b', '', '+']);
    expect(root.stdout).toContain(`namingContexts: ${slapd.persona.services.ldap.baseDn}`);
    const bind = await ldapsearch(['-H', `ldap://127.0.0.1:${slapd.ports[0]}`, '-D', `cn=admin,${slapd.persona.services.ldap.baseDn}`, '-w', 'admin', '-b', '']);
    expect(bind.stderr.trim()).toBe('ldap_bind: Invalid credentials (49)');
  }, 30_000);

  it.runIf(hasImpacket)('impacket\'s NTLM (Sicily) bind is refused like AD and logged as a verifiable NTLMv2 capture', async () => {
    const r = await runCli('/usr/bin/python3', ['-c', `import socket
orig = socket.getaddrinfo
socket.getaddrinfo = lambda h, p, *a, **k: orig(h, ${ad.ports[0]}, *a, **k)
from impacket.ldap import ldap
c = ldap.LDAPConnection('ldap://127.0.0.1')
try:
    c.login('alice', 'Summer2024!', 'CORP')
except ldap.LDAPSessionError as e:
    print(e)`]);
    console.info(`impacket ldap: ${r.stdout.trim()}`);
    expect(r.stdout).toContain('invalidCredentials');
    expect(r.stdout).toContain('80090308: LdapErr: DSID-0C090439, comment: AcceptSecurityContext error, data 52e');
    const cap = (await ad.waitFor('bind')).find((b) => b.fields['method'] === 'sicily')?.fields;
    expect(cap?.['secret_kind']).toBe('ntlmssp_v2');
    expect(verifyNetNtlmV2(String(cap?.['ntlmv2_hashcat']), 'Summer2024!')).toBe(true);
  }, 30_000);

  it.runIf(hasBinary('nmap'))('nmap -sV names Active Directory LDAP with the persona\'s domain and site', async () => {
    const p = ad.persona.services.ldap;
    const line = await nmapServiceLine(ad.ports[0]!, { asPorts: ['LDAPSearchReq'] });
    console.info(`nmap: ${line}`);
    expect(line).toContain(`Microsoft Windows Active Directory LDAP (Domain: ${p.dnsDomain}, Site: Default-First-Site-Name)`);
  }, 90_000);
});
