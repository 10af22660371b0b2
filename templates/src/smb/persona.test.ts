// The smb persona part for every archetype that runs smb: Windows shares and signing per role, the
// NTLM identity equal to the shared Windows identity, Samba versions per distro, smbd/nmbd in `ps`.
import { describe, expect, it } from 'vitest';
import { derivePersona } from '../persona/derive';
import { sambaPersona, windowsPersona } from './test-client';

describe('smb persona', () => {
  it('gives Windows roles their shares, signing and the shared Windows identity', () => {
    for (let i = 0; i < 12; i++) {
      const dc = windowsPersona(`dc-${i}`, 'domain-controller');
      const names = dc.services.smb.shares.map((s) => s.name);
      expect(names).toEqual(expect.arrayContaining(['ADMIN$', 'C$', 'IPC$', 'NETLOGON', 'SYSVOL']));
      expect(dc.services.smb.signingRequired).toBe(true);
      expect(dc.services.smb.ntlm).toMatchObject({ nbComputer: dc.windows!.netbiosComputer, nbDomain: dc.windows!.netbiosDomain, dnsDomain: dc.windows!.dnsDomain, version: { build: dc.windows!.build } });
      const ws = windowsPersona(`ws-${i}`, 'windows-workstation');
      expect(ws.services.smb.signingRequired).toBe(false);
      expect(ws.services.smb.shares.map((s) => s.name)).not.toContain('NETLOGON');
      if (!ws.windows!.domainJoined) expect(ws.services.smb.ntlm.targetName).toBe(ws.windows!.netbiosComputer);
      const srv = windowsPersona(`srv-${i}`);
      expect(srv.services.smb.smb1).toBe(srv.windows!.build === 14393);
      expect(srv.services.smb.nativeOs).toBe(`${srv.windows!.productName} ${srv.windows!.build}`);
    }
  });

  it('seeds the server GUID per decky and keeps it stable', () => {
    expect(windowsPersona('same').services.smb.serverGuid).toBe(windowsPersona('same').services.smb.serverGuid);
    expect(windowsPersona('a1').services.smb.serverGuid).not.toBe(windowsPersona('a2').services.smb.serverGuid);
  });

  it('runs Samba on Linux file servers with the distro build and smbd/nmbd in ps', () => {
    expect(sambaPersona('f1', 'debian').services.smb.sambaVersion).toBe('4.17.12-Debian');
    expect(sambaPersona('f2', 'ubuntu22').services.smb.sambaVersion).toBe('4.15.13-Ubuntu');
    const rocky = sambaPersona('f3', 'rocky9');
    expect(rocky.services.smb.sambaVersion).toBe('4.18.6');
    expect(rocky.services.smb.shares.at(-1)?.remark).toBe('IPC Service (Samba 4.18.6)');
    expect(rocky.services.smb.ntlm.flavor).toBe('samba');
    const cmds = rocky.shell.processes.map((p) => p.command).join('\n');
    expect(cmds).toContain('/usr/sbin/smbd --foreground --no-process-group');
    expect(cmds).toContain('/usr/sbin/nmbd --foreground --no-process-group');
    const cfg = derivePersona({ deckyName: 'f4', archetype: 'file-server', distro: 'debian', services: ['smb'], serviceConfig: { smb: { workgroup: 'acme', shares: 'Payroll, Scans' } }, nowMs: Date.UTC(2026, 0, 1) });
    expect(cfg.services.smb.workgroup).toBe('ACME');
    expect(cfg.services.smb.shares.map((s) => s.name)).toEqual(['print$', 'Payroll', 'Scans', 'IPC$']);
  });
});
