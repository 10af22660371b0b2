// The realism self-test against a small real fleet (three deckies under the real runner on loopback
// addresses): real banners, logins, ssh-keyscan and nmap -sV when installed; a decky whose persona is
// broken on purpose (an IIS Server header configured on a Debian web server) is reported with it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeckySpec, RealismReport } from '@decnet/protocol';
import { derivePersona, startDeckyRunner, templateFor, type DeckyRunner } from '@decnet/templates';
import { runSelftest, type SelftestTarget } from './run';

const SPECS: Array<{ spec: DeckySpec; host: string }> = [
  { host: '127.62.8.1', spec: { name: 'st-app-1', archetype: 'linux-server', services: ['ssh', 'http', 'telnet'], serviceConfig: {} } },
  { host: '127.62.8.2', spec: { name: 'st-web-2', archetype: 'web-server', services: ['http', 'ftp'], serviceConfig: {} } },
  // Test-only breakage through an ordinary INI key: the operator gave a Linux persona an IIS header.
  { host: '127.62.8.3', spec: { name: 'st-broken', archetype: 'web-server', services: ['http', 'ftp'], serviceConfig: { http: { server_header: 'Microsoft-IIS/10.0' } } } },
];

const runners: DeckyRunner[] = [];
const targets: SelftestTarget[] = [];
let reports: RealismReport[] = [];
const out = (): void => undefined;

beforeAll(async () => {
  for (const { spec, host } of SPECS) {
    const persona = derivePersona({ deckyName: spec.name, archetype: spec.archetype, serviceConfig: spec.serviceConfig, services: spec.services });
    const listeners = spec.services.map((service) => ({ service, template: templateFor(service)!, host, port: 0, config: (service === 'telnet' ? { auth_failure_delay_ms: '50' } : {}) as Record<string, string> }));
    const r = await startDeckyRunner({ decky: spec.name, persona, out, strictMsgids: true, listeners });
    runners.push(r);
    targets.push({ spec, host, endpoints: r.ports.map((p) => ({ service: p.service, port: p.port })) });
  }
  const t0 = Date.now();
  // nmap -sV on one decky keeps the suite short (non-standard ports make -sV walk many probes).
  reports = await runSelftest(targets, { nmap: true, nmapDeckies: ['st-app-1'], osScan: false, telnetFailureWaitMs: 1500 });
  console.info(`self-test of ${targets.length} deckies: ${Date.now() - t0} ms; ${reports.map((r) => `${r.decky} observed in ${r.durationMs} ms`).join(', ')}`);
}, 120_000);
afterAll(async () => {
  await Promise.all(runners.map((r) => r.close()));
});

const checkOf = (decky: string, id: string) => reports.find((r) => r.decky === decky)?.checks.find((c) => c.id === id);

describe('realism self-test', () => {
  it('reports every decky, with what an attacker sees', () => {
    expect(reports.map((r) => r.decky)).toEqual(SPECS.map((s) => s.spec.name));
    const app = reports[0]!;
    console.info(JSON.stringify(app.checks.map((c) => [c.id, c.status, c.summary])));
    expect(app.attackerView.find((a) => a.service === 'ssh')?.text).toMatch(/^SSH-2\.0-OpenSSH_/);
    expect(app.attackerView.find((a) => a.service === 'http')?.text).toMatch(/Apache|nginx/);
  });

  it('passes the consistent deckies and reports the broken persona with the contradicting layer', () => {
    expect(checkOf('st-app-1', 'persona-consistency')?.status).toBe('pass');
    expect(checkOf('st-web-2', 'persona-consistency')?.status).toBe('pass');
    const broken = checkOf('st-broken', 'persona-consistency');
    expect(broken?.status).toBe('fail');
    expect(broken?.evidence).toContainEqual(expect.objectContaining({ layer: expect.stringMatching(/^http http/), seen: 'Microsoft-IIS/10.0', expected: expect.stringMatching(/linux .*shows windows/) }));
  });

  it('refuses a made-up password on telnet, ftp and ssh, and finds no honeypot default banner', () => {
    const any = checkOf('st-app-1', 'accept-any-password');
    expect(any?.status).toBe('pass');
    expect(any?.evidence.map((e) => e.seen).join(' ')).toMatch(/refused/);
    for (const r of reports) expect(r.checks.find((c) => c.id === 'static-banners')?.status).toBe('pass');
  });

  it('runs nmap -sV when installed and says so when not; the shell answers like the persona', () => {
    const nmap = checkOf('st-app-1', 'nmap-services');
    if (reports[0]!.nmap.available) expect(nmap?.status, JSON.stringify(nmap?.evidence)).toBe('pass');
    else expect(nmap?.summary).toMatch(/not installed/);
    const shell = checkOf('st-app-1', 'impossible-outputs');
    expect(shell?.status === 'pass' || (shell?.status === 'skip' && /sshpass/.test(shell.summary))).toBe(true);
  });
});
