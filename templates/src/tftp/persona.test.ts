// The tftp persona part: seeded bait per decky (no two deckies share a config or password), IOS type 7
// passwords that decode back, the snmp community reused in router configs, and the flavour per OS.
import { describe, expect, it } from 'vitest';
import { derivePersona } from '../persona/derive';
import { ciscoType7 } from './bait';

const NOW = Date.UTC(2026, 0, 10);

/** The well-known type 7 decoder attackers run. */
function decode7(enc: string): string {
  const key = 'dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87';
  const off = Number(enc.slice(0, 2));
  let out = '';
  for (let i = 2; i < enc.length; i += 2) out += String.fromCharCode(parseInt(enc.slice(i, i + 2), 16) ^ key.charCodeAt((off + (i - 2) / 2) % key.length));
  return out;
}

describe('tftp persona', () => {
  it('seeds distinct bait per decky, decodable type 7 passwords and the decky snmp community', () => {
    expect(decode7(ciscoType7('Switch#2021', 9))).toBe('Switch#2021');
    const a = derivePersona({ deckyName: 'nms-a', archetype: 'monitoring-node', nowMs: NOW, serviceConfig: { snmp: { community: 'n0c-ro,public' } } });
    const b = derivePersona({ deckyName: 'nms-b', archetype: 'monitoring-node', nowMs: NOW });
    const confA = Object.entries(a.services.tftp.files).filter(([k]) => k.endsWith('-confg'));
    expect(confA.length).toBe(3);
    expect(confA[0]![1]).toContain('snmp-server community n0c-ro RO');
    const pw = /username admin privilege 15 password 7 ([0-9A-F]+)/.exec(confA[0]![1])![1]!;
    expect(decode7(pw)).toMatch(/^[A-Za-z0-9]+[!#@$]?\d{4}$/);
    expect(a.services.tftp.files['pxelinux.cfg/default']).not.toBe(b.services.tftp.files['pxelinux.cfg/default']);
    expect(a.shell.processes.some((p) => p.command.includes('in.tftpd'))).toBe(false);
    const withTftp = derivePersona({ deckyName: 'nms-a', archetype: 'monitoring-node', nowMs: NOW, services: ['ssh', 'tftp'] });
    expect(withTftp.shell.processes.some((p) => p.command.startsWith('/usr/sbin/in.tftpd'))).toBe(true);
  });

  it('picks the server flavour by OS', () => {
    expect(derivePersona({ deckyName: 'w1', archetype: 'windows-server', nowMs: NOW }).services.tftp).toMatchObject({ flavor: 'wds', files: {} });
    expect(derivePersona({ deckyName: 'c1', nmapOs: 'cisco', nowMs: NOW }).services.tftp.flavor).toBe('cisco');
    const l = derivePersona({ deckyName: 'l1', archetype: 'linux-server', nowMs: NOW }).services.tftp;
    expect(l.flavor).toBe('tftpd-hpa');
    expect(l.illegalOp).toBeUndefined();
  });
});
