// SMB template: NEGOTIATE and NTLM exchange per persona over an in-memory stream, then real clients
// (smbclient, impacket, nmap's smb scripts and -sV) against it; every captured NTLMv2 is proved
// crackable by recomputing NTProofStr from the password (MS-NLMP §3.3.2).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AV, clientNegTokenInit, negTokenResp, OID, unwrapSpnego } from '../_ntlm/index';
import { hasBinary, runCli, serveTemplate, startSession, type Served } from '../_testing';
import { authenticateMessage, negotiateMessage, verifyNetNtlmV2 } from '../_testing/ntlm-client';
import { smbTemplate, type SmbConfig } from './index';
import { listen445, negotiateRequest, replies, sambaPersona, sessionSetupRequest, smb2, windowsPersona } from './test-client';

const impacket = hasBinary('/usr/bin/python3') && (await runCli('/usr/bin/python3', ['-c', 'import impacket'])).code === 0;

function avPairs(challenge: Buffer): Map<number, string> {
  const info = challenge.subarray(challenge.readUInt32LE(44), challenge.readUInt32LE(44) + challenge.readUInt16LE(40));
  const m = new Map<number, string>();
  for (let o = 0; o + 4 <= info.length && info.readUInt16LE(o) !== AV.EOL; o += 4 + info.readUInt16LE(o + 2)) {
    m.set(info.readUInt16LE(o), info.subarray(o + 4, o + 4 + info.readUInt16LE(o + 2)).toString('utf16le'));
  }
  return m;
}

describe('smb session', () => {
  it('negotiates 3.1.1 with SHA-512 preauth, the seeded server GUID and signing required only on a DC', async () => {
    for (const [persona, mode] of [[windowsPersona('dc-a', 'domain-controller'), 3], [windowsPersona('srv-a'), 1], [sambaPersona('fs-a'), 1]] as const) {
      const { peer } = startSession(smbTemplate, { persona });
      peer.send(negotiateRequest([0x0202, 0x0210, 0x0300, 0x0302, 0x0311]));
      await peer.until((t) => t.length > 200);
      const [r] = replies(peer.bytes);
      const m = r!.msg;
      expect([r!.status, m.readUInt16LE(64 + 4), m.readUInt16LE(64 + 2)]).toEqual([0, 0x0311, mode]);
      expect(m.subarray(64 + 8, 64 + 24).toString('hex')).toBe(persona.services.smb.serverGuid);
      const ctxAt = m.readUInt32LE(64 + 60);
      expect([m.readUInt16LE(ctxAt), m.readUInt16LE(ctxAt + 8), m.readUInt16LE(ctxAt + 10), m.readUInt16LE(ctxAt + 12)]).toEqual([1, 1, 32, 1]); // PREAUTH, one alg, SHA-512
      const blob = unwrapSpnego(m.subarray(m.readUInt16LE(64 + 56), m.readUInt16LE(64 + 56) + m.readUInt16LE(64 + 58)))!;
      expect(blob.mechTypes.at(-1)).toBe(OID.NTLMSSP);
      expect(blob.mechTypes.includes(OID.KRB5)).toBe(persona.services.smb.flavor === 'windows' && persona.windows!.domainJoined);
    }
  });

  it('issues the persona NTLM identity, captures NTLMv2 crackably and answers STATUS_LOGON_FAILURE', async () => {
    const persona = windowsPersona('srv-b');
    const { peer, ctx } = startSession(smbTemplate, { persona });
    peer.send(negotiateRequest([0x0202, 0x0210]));
    await peer.until((t) => t.length > 100);
    peer.clear();
    peer.send(sessionSetupRequest(clientNegTokenInit([OID.NTLMSSP], negotiateMessage()), 0n, 1));
    await peer.until((t) => t.includes('NTLMSSP'));
    const [ch] = replies(peer.bytes);
    expect(ch!.status).toBe(0xc0000016);
    const challenge = unwrapSpnego(ch!.msg.subarray(72, 72 + ch!.msg.readUInt16LE(64 + 6)))!.token!;
    const av = avPairs(challenge);
    expect(av.get(AV.NbComputerName)).toBe(persona.windows!.netbiosComputer);
    expect(av.get(AV.NbDomainName)).toBe(persona.services.smb.ntlm.nbDomain);
    expect([challenge[48], challenge[49], challenge.readUInt16LE(50)]).toEqual([10, 0, persona.windows!.build]);
    peer.clear();
    const auth = authenticateMessage({ user: 'alice', domain: 'CORP', password: 'Passw0rd!', serverChallenge: challenge.subarray(24, 32), targetInfo: Buffer.from(challenge.subarray(challenge.readUInt32LE(44))) });
    peer.send(sessionSetupRequest(negTokenResp({ token: auth }), ch!.sessionId, 2));
    await peer.until((t) => t.length >= 70);
    expect(replies(peer.bytes)[0]!.status).toBe(0xc000006d);
    const ev = ctx.eventsOf('auth_attempt')[0]!.fields;
    expect([ev.principal, ev.secret_kind, ev.outcome]).toEqual(['CORP\\alice', 'ntlmssp_v2', 'failure']);
    expect(verifyNetNtlmV2(String(ev.ntlmv2_hashcat), 'Passw0rd!')).toBe(true);
    expect(ev.secret_printable).toBe(ev.ntlmv2_hashcat);
  });

  it('runs a related compound (TREE_CONNECT IPC$ + CREATE srvsvc) in a null session', async () => {
    const { peer, ctx } = startSession(smbTemplate, { persona: windowsPersona('srv-d') });
    peer.send(negotiateRequest([0x0210]));
    await peer.until((t) => t.length > 100);
    peer.clear();
    peer.send(sessionSetupRequest(negotiateMessage(), 0n, 1));
    await peer.until('NTLMSSP');
    const sid = replies(peer.bytes)[0]!.sessionId;
    peer.clear();
    peer.send(sessionSetupRequest(authenticateMessage({ user: '', domain: '', serverChallenge: Buffer.alloc(8) }), sid, 2));
    await peer.until((t) => t.length >= 72);
    expect(replies(peer.bytes)[0]!.status).toBe(0);
    peer.clear();
    const path = Buffer.from('\\\\host\\IPC$', 'utf16le');
    const tc = Buffer.concat([Buffer.from([9, 0, 0, 0, 72, 0, path.length, 0]), path]);
    const name = Buffer.from('srvsvc', 'utf16le');
    const cr = Buffer.alloc(56);
    cr.writeUInt16LE(57, 0);
    cr.writeUInt16LE(120, 44);
    cr.writeUInt16LE(name.length, 46);
    const first = smb2(3, tc, { sessionId: sid, messageId: 3 }).subarray(4);
    const padded = Buffer.concat([first, Buffer.alloc((8 - (first.length % 8)) % 8)]);
    padded.writeUInt32LE(padded.length, 20);
    const second = smb2(5, Buffer.concat([cr, name]), { messageId: 4 }).subarray(4);
    second.writeUInt32LE(4, 16); // SMB2_FLAGS_RELATED_OPERATIONS: session and tree from the first
    const msg = Buffer.concat([padded, second]);
    peer.send(Buffer.concat([Buffer.from([0, 0, msg.length >> 8, msg.length & 0xff]), msg]));
    await peer.until((t) => t.length > 200);
    const chain = peer.bytes.subarray(4);
    const next = chain.readUInt32LE(20);
    expect([chain.readUInt32LE(8), chain.readUInt32LE(next + 8)]).toEqual([0, 0]);
    expect(chain.readUInt32LE(next + 36)).toBe(chain.readUInt32LE(36));
    expect(ctx.eventsOf('tree_connect')[0]?.fields.share).toBe('IPC$');
  });

  it('answers SMB1 negotiates as the OS does: 2.??? upgrade, Windows reset, Samba "no protocol"', async () => {
    const smb1 = (dialects: string[]): Buffer => {
      const d = Buffer.concat(dialects.map((x) => Buffer.from(`\x02${x}\0`, 'latin1')));
      const h = Buffer.alloc(35);
      h.write('\xffSMBr', 0, 'latin1');
      h.writeUInt16LE(0xc843, 10);
      h.writeUInt16LE(d.length, 33);
      const msg = Buffer.concat([h, d]);
      return Buffer.concat([Buffer.from([0, 0, msg.length >> 8, msg.length & 0xff]), msg]);
    };
    const up = startSession(smbTemplate, { persona: windowsPersona('srv-c') });
    up.peer.send(smb1(['NT LM 0.12', 'SMB 2.002', 'SMB 2.???']));
    await up.peer.until((t) => t.length > 100);
    expect(replies(up.peer.bytes)[0]!.msg.readUInt16LE(64 + 4)).toBe(0x02ff);
    const win = startSession(smbTemplate, { persona: windowsPersona('srv-c') });
    win.peer.send(smb1(['NT LM 0.12']));
    await win.peer.untilClosed();
    expect(win.peer.bytes.length).toBe(0);
    const samba = startSession(smbTemplate, { persona: sambaPersona('fs-c') });
    samba.peer.send(smb1(['NT LM 0.12']));
    await samba.peer.untilClosed();
    expect(samba.peer.bytes.subarray(36, 41)).toEqual(Buffer.from([1, 0xff, 0xff, 0, 0]));
  });
});

describe.runIf(hasBinary('smbclient'))('smb with real clients', () => {
  const persona = windowsPersona('srv-real');
  let served: Served<SmbConfig>;
  beforeAll(async () => {
    served = await serveTemplate(smbTemplate, { persona });
  });
  afterAll(() => served.close());

  it('smbclient -N -L lists the persona shares; a password login fails with a crackable NTLMv2', async () => {
    const list = await runCli('smbclient', ['-N', '-L', '//127.0.0.1', '-p', String(served.port)]);
    console.info(`smbclient -N -L:\n${list.stdout}${list.stderr}`);
    expect(list.stdout).toContain('Anonymous login successful');
    for (const s of persona.services.smb.shares) expect(list.stdout).toMatch(new RegExp(`\\n\\s+${s.name.replace('$', '\\$')}\\s+(Disk|IPC)\\s+${s.remark.trim()}`));
    expect(served.events().find((e) => e.msgid === 'share_enum')?.fields.level).toBe(1);
    const bait = persona.services.smb.shares.find((s) => s.type === 0)?.name ?? 'C$';
    const denied = await runCli('smbclient', [`//127.0.0.1/${bait}`, '-N', '-p', String(served.port), '-c', 'ls']);
    expect(`${denied.stdout}${denied.stderr}`).toContain('tree connect failed: NT_STATUS_ACCESS_DENIED');
    const missing = await runCli('smbclient', ['//127.0.0.1/NoSuchShare', '-N', '-p', String(served.port), '-c', 'ls']);
    expect(`${missing.stdout}${missing.stderr}`).toContain('tree connect failed: NT_STATUS_BAD_NETWORK_NAME');
    for (const m of ['SMB2_02', 'SMB2_10', 'SMB3_00', 'SMB3_02']) {
      expect((await runCli('smbclient', ['-N', '-L', '//127.0.0.1', '-p', String(served.port), '-m', m])).stdout, m).toContain('IPC$');
    }
    const bad = await runCli('smbclient', ['-U', 'CORP\\alice%Passw0rd!', '-L', '//127.0.0.1', '-p', String(served.port)]);
    console.info(`smbclient -U: ${bad.stdout}${bad.stderr}`);
    expect(`${bad.stdout}${bad.stderr}`).toContain('NT_STATUS_LOGON_FAILURE');
    const ev = served.events().find((e) => e.msgid === 'auth_attempt' && e.fields.username === 'alice')!.fields;
    expect(ev.principal).toBe('CORP\\alice');
    expect(verifyNetNtlmV2(String(ev.ntlmv2_hashcat), 'Passw0rd!')).toBe(true);
  }, 30_000);

  it.runIf(hasBinary('rpcclient'))('rpcclient srvinfo reports the persona build; level-2 share enumeration is refused', async () => {
    const r = await runCli('rpcclient', ['-U', '', '-N', '-p', String(served.port), '127.0.0.1', '-c', 'srvinfo;netshareenumall 2;netshareenumall 1']);
    console.info(`rpcclient: ${r.stdout}${r.stderr}`);
    expect(r.stdout).toContain(persona.windows!.netbiosComputer);
    expect(r.stdout).toMatch(/os version\s+:\s+10\.0/);
    expect(r.stdout).toMatch(/server type\s+:\s+0x9003/);
    expect(r.stdout).toContain('WERR_ACCESS_DENIED');
    expect(r.stdout).toContain('netname: IPC$');
    expect(served.events().some((e) => e.msgid === 'server_info' && e.fields.level === 101)).toBe(true);
  }, 30_000);

  it.runIf(impacket)('impacket lists shares anonymously, is denied C$ and fails a login', async () => {
    const script = [
      'import sys', 'from impacket.smbconnection import SMBConnection, SessionError',
      "c = SMBConnection('127.0.0.1', '127.0.0.1', sess_port=int(sys.argv[1]))", "c.login('', '')",
      "print('SHARES', ','.join(s['shi1_netname'][:-1] for s in c.listShares()))",
      "try:\n    c.connectTree('C$')\nexcept SessionError as e:\n    print('CDOLLAR', e.getErrorString()[0])",
      "d = SMBConnection('127.0.0.1', '127.0.0.1', sess_port=int(sys.argv[1]))",
      "try:\n    d.login('bob', 'Winter2025!', 'CORP')\nexcept SessionError as e:\n    print('LOGIN', e.getErrorString()[0])",
      "print('SERVER', d.getServerName(), d.getServerDNSDomainName())",
    ].join('\n');
    const r = await runCli('/usr/bin/python3', ['-c', script, String(served.port)], { timeoutMs: 30_000 });
    console.info(`impacket: ${r.stdout}${r.stderr}`);
    expect(r.stdout).toContain(`SHARES ${persona.services.smb.shares.map((s) => s.name).join(',')}`);
    expect(r.stdout).toContain('CDOLLAR STATUS_ACCESS_DENIED');
    expect(r.stdout).toContain('LOGIN STATUS_LOGON_FAILURE');
    expect(r.stdout).toContain(`SERVER ${persona.windows!.netbiosComputer} ${persona.windows!.dnsDomain}`);
    const ev = served.events().find((e) => e.msgid === 'auth_attempt' && e.fields.username === 'bob')!.fields;
    expect(verifyNetNtlmV2(String(ev.ntlmv2_hashcat), 'Winter2025!')).toBe(true);
  }, 40_000);

  it.runIf(hasBinary('nmap'))('nmap smb2-security-mode and smb-protocols', async () => {
    const r = await runCli('nmap', ['-Pn', '-n', '-p', String(served.port), '--script', 'smb2-security-mode,smb-protocols', '--script-args', `smbport=${served.port}`, '127.0.0.1'], { timeoutMs: 60_000 });
    console.info(`nmap: ${r.stdout}`);
    expect(r.stdout).toMatch(/311:\s*\n\|_\s+Message signing enabled but not required/);
    expect(r.stdout).toMatch(/202\s*\n\|\s+210\s*\n\|\s+300\s*\n\|\s+302\s*\n\|_\s+311/);
  }, 70_000);
});

describe.runIf(hasBinary('smbclient'))('smb on a Samba file server persona', () => {
  it('answers a NetBIOS session request (139) and smbclient lists Samba shares with the IPC$ service comment', async () => {
    const persona = sambaPersona('fs-real', 'ubuntu22');
    const nb = startSession(smbTemplate, { persona });
    nb.peer.send(Buffer.from([0x81, 0, 0, 4, 0x20, 0x41, 0x41, 0]));
    await nb.peer.until((t) => t.length >= 4);
    expect(nb.peer.bytes).toEqual(Buffer.from([0x82, 0, 0, 0]));
    const served = await serveTemplate(smbTemplate, { persona });
    try {
      const r = await runCli('smbclient', ['-N', '-L', '//127.0.0.1', '-p', String(served.port)]);
      console.info(`smbclient (samba persona):\n${r.stdout}${r.stderr}`);
      expect(r.stdout).toMatch(new RegExp(`IPC\\$\\s+IPC\\s+IPC Service \\(${persona.hostname} server \\(Samba, Ubuntu\\)\\)`));
      expect(r.stdout).toMatch(/print\$\s+Disk\s+Printer Drivers/);
      expect(persona.services.smb.sambaVersion).toBe('4.15.13-Ubuntu');
    } finally {
      await served.close();
    }
  }, 30_000);
});

describe.runIf(hasBinary('nmap'))('nmap on port 445 (smb-os-discovery and -sV need 445/139)', () => {
  it('smb-os-discovery reports the Windows persona over SMB1 and -sV says microsoft-ds', async () => {
    const persona = windowsPersona('srv-os', 'domain-controller');
    const l = await listen445(persona, { smb1: 'true' });
    if (!l) return console.warn('cannot bind 445: skipped');
    try {
      const r = await runCli('nmap', ['-Pn', '-n', '-sV', '-p', '445', '--script', 'smb-os-discovery,smb2-security-mode', l.host], { timeoutMs: 120_000 });
      console.info(`nmap 445 windows: ${r.stdout}`);
      const w = persona.windows!;
      expect(r.stdout).toContain(`OS: ${w.productName} ${w.build} (${w.productName} 6.3)`);
      expect(r.stdout).toContain(`FQDN: ${persona.services.smb.ntlm.dnsComputer}`);
      expect(r.stdout).toContain(`Domain name: ${w.dnsDomain}`);
      expect(r.stdout).toContain('Message signing enabled and required');
      expect(r.stdout).toMatch(/445\/tcp open\s+microsoft-ds/);
    } finally {
      await l.close();
    }
  }, 130_000);

  it('a Samba file server: -sV names Samba smbd (SMB1 off, as Samba 4.11+ ships)', async () => {
    const persona = sambaPersona('fs-os');
    const l = await listen445(persona, {}, '127.0.45.46');
    if (!l) return console.warn('cannot bind 445: skipped');
    try {
      const r = await runCli('nmap', ['-Pn', '-n', '-sV', '-p', '445', l.host], { timeoutMs: 120_000 });
      console.info(`nmap 445 samba: ${r.stdout}`);
      expect(r.stdout).toMatch(/445\/tcp open\s+netbios-ssn\s+Samba smbd/);
    } finally {
      await l.close();
    }
  }, 130_000);
});
