// RDP against real clients under the real runner: nmap -sV names Microsoft Terminal Services,
// rdp-ntlm-info prints the persona's computer, domain and build, rdp-enum-encryption the NLA-only
// security layers; xfreerdp (+auth-only, under Xvfb) attempts NLA, fails with a logon failure, and
// the NTLMv2 captured from it recomputes from the password it typed (MS-NLMP §3.3.2).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBinary, nmapServiceLine, runCli } from '../_testing';
import { verifyNetNtlmV2 } from '../_testing/ntlm-client';
import { derivePersona } from '../persona/derive';
import { startDeckyRunner, type DeckyRunner } from '../runner/runner';
import { LineSink } from '../runner/test-harness';
import { rdpTemplate } from './index';

const persona = derivePersona({ deckyName: 'rdp-clients', archetype: 'windows-server', services: ['rdp'], nowMs: Date.UTC(2026, 0, 1) });
const w = persona.windows!;

describe.runIf(hasBinary('nmap'))('rdp with real clients', () => {
  const sink = new LineSink();
  let runner: DeckyRunner;
  let port = 0;
  beforeAll(async () => {
    runner = await startDeckyRunner({ decky: persona.deckyName, persona, out: sink.out, strictMsgids: true, perIpMaxConnections: 64, listeners: [{ service: 'rdp', template: rdpTemplate, host: '127.0.0.1', port: 0, config: {} }] });
    port = runner.ports[0]!.port;
  }, 30_000);
  afterAll(async () => {
    await runner.close();
    expect(runner.unknownMsgids()).toEqual([]);
    expect(sink.of('error')).toEqual([]);
  });

  it('nmap -sV says "Microsoft Terminal Services"', async () => {
    const line = await nmapServiceLine(port, { asPorts: ['TerminalServerCookie', 'TerminalServer'] });
    console.info(`nmap: ${line}`);
    expect(line).toMatch(/open\s+ms-wbt-server\s+Microsoft Terminal Services/);
  }, 90_000);

  it('rdp-ntlm-info and rdp-enum-encryption print the persona\'s names, build and NLA-only layers', async () => {
    const r = await runCli('nmap', ['-sV', '-Pn', '-n', '-p', String(port), '--script', 'rdp-ntlm-info,rdp-enum-encryption', '127.0.0.1'], { timeoutMs: 90_000 });
    console.info(r.stdout);
    const field = (k: string): string | undefined => new RegExp(`\\|_?\\s+${k}: (.*)`).exec(r.stdout)?.[1]?.trim();
    expect(field('Target_Name')).toBe(w.netbiosDomain);
    expect(field('NetBIOS_Domain_Name')).toBe(w.netbiosDomain);
    expect(field('NetBIOS_Computer_Name')).toBe(w.netbiosComputer);
    expect(field('DNS_Domain_Name')).toBe(w.dnsDomain);
    expect(field('DNS_Computer_Name')).toBe(`${persona.hostname}.${w.dnsDomain}`);
    expect(field('DNS_Tree_Name')).toBe(w.dnsForest);
    expect(field('Product_Version')).toBe(`10.0.${w.build}`);
    expect(r.stdout).toMatch(/CredSSP \(NLA\): SUCCESS/);
    expect(r.stdout).toMatch(/CredSSP with Early User Auth: SUCCESS/);
    expect(r.stdout).not.toMatch(/SSL: SUCCESS|Native RDP: SUCCESS/);
  }, 120_000);

  it.runIf(hasBinary('xfreerdp') && hasBinary('xvfb-run'))('xfreerdp attempts NLA, reports a logon failure; the captured NTLMv2 recomputes from its password', async () => {
    const before = sink.of('auth_attempt', 'rdp').length;
    const r = await runCli('xvfb-run', ['-a', 'xfreerdp', '/cert:ignore', '/u:alice', '/p:Passw0rd!', '/d:CORP', `/v:127.0.0.1:${port}`, '+auth-only'], { timeoutMs: 60_000 });
    const out = `${r.stdout}${r.stderr}`;
    console.info(`xfreerdp:\n${out.split('\n').filter((l) => /nla|LOGON|Authentication only/i.test(l)).join('\n')}`);
    expect(r.code).not.toBe(0);
    expect(out).toMatch(/STATUS_LOGON_FAILURE \[0xC000006D\]/);
    expect(out).toMatch(/ERRCONNECT_LOGON_FAILURE/);
    const recs = await sink.waitFor((rs) => rs.filter((x) => x.eventType === 'auth_attempt').length > before);
    const rec = recs.filter((x) => x.eventType === 'auth_attempt').at(-1)!;
    expect(rec.fields).toMatchObject({ auth_path: 'nla', principal: 'CORP\\alice', username: 'alice', domain: 'CORP', secret_kind: 'ntlmssp_v2', ntlm_kind: 'ntlmv2', cookie_user: 'alice' });
    expect(verifyNetNtlmV2(String(rec.fields.ntlmv2_hashcat), 'Passw0rd!')).toBe(true);
    expect(Buffer.from(String(rec.fields.secret_b64), 'base64').toString()).toBe(rec.fields.ntlmv2_hashcat);
  }, 90_000);
});

describe.runIf(hasBinary('nmap'))('rdp on a Linux persona (xrdp)', () => {
  const linux = derivePersona({ deckyName: 'rdp-xrdp', archetype: 'linux-server', services: ['rdp'], nowMs: Date.UTC(2026, 0, 1) });
  const sink = new LineSink();
  let runner: DeckyRunner;
  beforeAll(async () => {
    runner = await startDeckyRunner({ decky: linux.deckyName, persona: linux, out: sink.out, strictMsgids: true, perIpMaxConnections: 64, listeners: [{ service: 'rdp', template: rdpTemplate, host: '127.0.0.1', port: 0, config: {} }] });
  }, 30_000);
  afterAll(() => runner.close());

  it('nmap -sV says "xrdp"', async () => {
    const line = await nmapServiceLine(runner.ports[0]!.port, { asPorts: ['TerminalServerCookie', 'TerminalServer'] });
    console.info(`nmap: ${line}`);
    expect(line).toMatch(/open\s+ms-wbt-server\s+xrdp/);
  }, 90_000);
});
