// Behaviour classes, beacon cadence and tool signatures on generated event sequences, folded by the
// real ingest aggregate: each DECNET class, and a brute force plus an nmap scan (mixed, not interactive).
import { credentialFields, type ServiceEvent } from '@decnet/protocol';
import { describe, expect, it } from 'vitest';
import { aggregate, type AttackerDelta } from './aggregate';
import { behaviourOf, combineCounters, timingOf, toolGuessesOf, type Counters } from './profile';

const T0 = Date.parse('2026-04-01T00:00:00Z');
let n = 0;
function ev(atS: number, service: string, eventType: string, fields: Record<string, string> = {}, ip = '198.51.100.9'): ServiceEvent {
  const ts = new Date(T0 + atS * 1000).toISOString();
  return { id: `b-${n++}`, ts, decky: 'd1', service, eventType, srcIp: ip, fields: { session_id: `s-${service}-${Math.floor(atS / 600)}`, ...fields }, raw: `<134>1 ${ts} d1 ${service} - ${eventType} -` };
}
const counters = (d: AttackerDelta): Counters => ({ eventCount: d.events, connectCount: d.connects, authCount: d.auths, commandCount: d.commands, requestCount: d.requests, iatCount: d.iatCount, iatSumS: d.iatSum, iatSumSqS: d.iatSumSq, services: [...d.services] });
const classify = (events: ServiceEvent[]) => behaviourOf(counters([...aggregate([{ hostId: 'h', events }]).attackers.values()][0]!));
/** Deterministic jitter in [-j, j] of `p`. */
const jitter = (i: number, p: number, j: number) => p * (1 + j * Math.sin(i * 12.9898));

const SERVICES = ['ssh', 'http', 'ftp', 'telnet', 'smb', 'mysql', 'redis', 'rdp'];
const nmapScan = (startS: number) => SERVICES.map((s, i) => ev(startS + i * 0.2, s, 'connect'));
const hydra = (startS: number, tries: number) => Array.from({ length: tries }, (_, i) => ev(startS + i * 0.8, 'ssh', 'auth_attempt', credentialFields('root', `pw${i}`, 'plaintext', 'failure')));

describe('behaviour classes', () => {
  it('scanning: many services in seconds', () => {
    expect(classify(nmapScan(0)).behaviorClass).toBe('scanning');
  });

  it('slow scan: several services, minutes apart', () => {
    expect(classify(SERVICES.slice(0, 5).map((s, i) => ev(i * 240 + (i % 2) * 50, s, 'connect'))).behaviorClass).toBe('slow_scan');
  });

  it('brute force: fast login tries on one service', () => {
    expect(classify(hydra(0, 30))).toMatchObject({ behaviorClass: 'brute_force', signals: ['brute_force'] });
  });

  it('interactive: commands typed seconds apart, irregularly', () => {
    const gaps = [3, 11, 4, 19, 2.5, 8, 27, 5, 14];
    let at = 0;
    const cmds = gaps.map((g) => ev((at += g), 'ssh', 'command', { cmd: 'ls -la' }));
    expect(classify([ev(0, 'ssh', 'connect'), ...cmds]).behaviorClass).toBe('interactive');
  });

  it('beaconing: one service on a beat, with the cadence and the C2 it looks like', () => {
    let at = 0;
    const b = classify(Array.from({ length: 40 }, (_, i) => ev((at += jitter(i, 60, 0.28)), 'http', 'request', { path: '/pixel.gif' })));
    expect(b.behaviorClass).toBe('beaconing');
    expect(b.beacon!.periodS).toBeGreaterThan(55);
    expect(b.beacon!.periodS).toBeLessThan(65);
    expect(b.beacon!.jitterPct).toBeGreaterThan(5);
    expect(b.beacon!.likeC2).toContain('Cobalt Strike');
    const havoc = classify(Array.from({ length: 30 }, (_, i) => ev(i * 45, 'http', 'request')));
    expect(havoc.beacon).toMatchObject({ periodS: 45, jitterPct: 0, likeC2: ['Havoc'] });
  });

  it('mixed: a brute force plus an nmap scan (it used to come out interactive_human)', () => {
    const b = classify([...nmapScan(0), ...hydra(5, 20), ...nmapScan(30), ev(40, 'telnet', 'command', { cmd: 'GET / HTTP/1.0' })]);
    expect(b.behaviorClass).toBe('mixed');
    expect(b.signals).toEqual(expect.arrayContaining(['scanning', 'brute_force']));
    expect(b.signals).not.toContain('interactive');
  });

  it('unknown below three events; identities combine their members', () => {
    expect(classify([ev(0, 'ssh', 'connect'), ev(1, 'ssh', 'connect')]).behaviorClass).toBe('unknown');
    const a = [...aggregate([{ hostId: 'h', events: [...hydra(0, 5)] }]).attackers.values()][0]!;
    const b = [...aggregate([{ hostId: 'h', events: hydra(100, 5).map((e) => ({ ...e, srcIp: '198.51.100.10' })) }]).attackers.values()][0]!;
    expect(behaviourOf(counters(a)).signals).not.toContain('brute_force');
    expect(behaviourOf(combineCounters([counters(a), counters(b)])).signals).toContain('brute_force');
  });
});

describe('tool signatures', () => {
  const t = timingOf({ iatCount: 0, iatSumS: 0, iatSumSqS: 0 });
  it('names tools from user agents and banners', () => {
    const hints = ['Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:000001)', 'masscan/1.3 (https://github.com/robertdavidgraham/masscan)', 'Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)',
      'Nuclei - Open-source project (github.com/projectdiscovery/nuclei)', 'sqlmap/1.8#stable (https://sqlmap.org)', 'Mozilla/4.0 (Hydra)', 'Mozilla/5.0 zgrab/0.x', 'SSH-2.0-libssh_0.9.6'];
    expect(toolGuessesOf(hints, t, 8)).toEqual(['Nikto', 'masscan', 'Nmap', 'Nuclei', 'sqlmap', 'THC Hydra', 'ZGrab', 'libssh']);
  });
  it('names tools from sniffer fingerprints and scanner probes', () => {
    expect(toolGuessesOf([], t, 3, [{ kind: 'os', value: 'NMap SYN scan' }, { kind: 'ja3', value: 'x' }])).toEqual(['Nmap']);
    expect(toolGuessesOf([], t, 3, [{ kind: 'probe', value: 'sip_request' }, { kind: 'probe', value: 'http_request' }])).toEqual(['Nmap (service probes)']);
    expect(toolGuessesOf([], t, 3, [{ kind: 'probe', value: 'tls_hello' }])).toEqual(['service scanner probes']);
    expect(toolGuessesOf(['Mozilla/5.0 (Windows NT 10.0; Win64; x64) Metasploit'], t, 1)).toEqual(['Metasploit']);
  });
});
