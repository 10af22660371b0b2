// The snmp persona part per OS family: sysDescr as each agent words it, engine IDs seeded per decky
// (no fleet-wide constant), INI overrides applied, and snmpd in `ps` only where net-snmp runs.
import { describe, expect, it } from 'vitest';
import { derivePersona } from '../persona/derive';

const NOW = Date.UTC(2026, 0, 10);

describe('snmp persona', () => {
  it('differs per decky and matches the OS family', () => {
    const a = derivePersona({ deckyName: 'mon-a', archetype: 'monitoring-node', distro: 'rocky9', nowMs: NOW });
    const b = derivePersona({ deckyName: 'mon-b', archetype: 'monitoring-node', distro: 'rocky9', nowMs: NOW });
    expect(a.services.snmp.engineIdHex).toMatch(/^80001f8880[0-9a-f]{16}$/);
    expect(a.services.snmp.engineIdHex).not.toBe(b.services.snmp.engineIdHex);
    expect(a.services.snmp.sysDescr).toBe(`Linux ${a.hostname} ${a.shell.kernelRelease} ${a.shell.kernelVersion} ${a.shell.arch}`);
    expect(a.shell.processes.some((p) => p.command.startsWith('/usr/sbin/snmpd'))).toBe(true);
    const win = derivePersona({ deckyName: 'dc1', archetype: 'domain-controller', nowMs: NOW });
    expect(win.services.snmp).toMatchObject({ agent: 'windows', engineIdHex: '', sysObjectId: '1.3.6.1.4.1.311.1.1.3.1.3' });
    const plc = derivePersona({ deckyName: 'plc1', archetype: 'industrial-control', nowMs: NOW });
    expect(plc.services.snmp.sysDescr).toMatch(/^Siemens, SIMATIC S7, CPU 12\d{2}C/);
    const pi = derivePersona({ deckyName: 'iot1', archetype: 'iot-device', nowMs: NOW });
    expect(pi.services.snmp.sysDescr).toMatch(/ aarch64$/);
  });

  it('takes sys_descr, sys_contact and sys_location from the INI', () => {
    const p = derivePersona({ deckyName: 'mon-c', archetype: 'monitoring-node', nowMs: NOW, serviceConfig: { snmp: { sys_contact: 'ops@example.net', sys_location: 'DC2 R14' } } });
    expect(p.services.snmp).toMatchObject({ sysContact: 'ops@example.net', sysLocation: 'DC2 R14' });
  });
});
