// Stack profile choice: Linux personas by kernel era, printers by vendor, Linux-userland IoT on a
// Linux row (TTL 64), and the cloaked-family list derived from the table.
import { describe, expect, it } from 'vitest';
import { CLOAKED_OS_FAMILIES, OS_FAMILIES, sysctlsFor } from './os-fingerprints';
import { linuxGuessFitsKernel, linuxProfileFor, STACK_PROFILE_IDS, STACK_PROFILES, stackProfileFor } from './stack-profiles';

describe('stack profiles', () => {
  it('picks the Linux row of the kernel era', () => {
    expect(linuxProfileFor('3.10.0-1160.119.1.el7.x86_64')).toBe('linux-3.10');
    expect(linuxProfileFor('4.4.0-210-generic')).toBe('linux-4.4');
    expect(linuxProfileFor('4.19.0-27-amd64')).toBe('linux-4.4');
    expect(linuxProfileFor('5.4.0-200-generic')).toBe('linux-5.4');
    expect(linuxProfileFor('5.15.0-131-generic')).toBe('linux-5.6');
    expect(linuxProfileFor('6.1.0-31-amd64')).toBe('linux-5.6');
    expect(linuxProfileFor('2.6.32-754.el6.x86_64')).toBe('linux-3.10');
    expect(linuxProfileFor(undefined)).toBe('linux-5.6');
    expect(stackProfileFor({ osFamily: 'linux', kernelRelease: '3.10.0-1160.el7.x86_64' })).toBe('linux-3.10');
  });

  it('tells whether an nmap Linux guess names the kernel\'s era', () => {
    expect(linuxGuessFitsKernel('Linux 4.15 - 5.6', '6.1.0-31-amd64')).toBe(true);
    expect(linuxGuessFitsKernel('Linux 5.0 - 5.4', '5.4.0-200-generic')).toBe(true);
    expect(linuxGuessFitsKernel('Linux 2.6.32 - 3.10', '3.10.0-1160.el7.x86_64')).toBe(true);
    expect(linuxGuessFitsKernel('Linux 3.10', '6.1.0-31-amd64')).toBe(false);
    expect(linuxGuessFitsKernel('Linux 5.3 - 5.4', '3.10.0-1160.el7.x86_64')).toBe(false);
    expect(linuxGuessFitsKernel('Microsoft Windows 10 1607', '6.1.0-31-amd64')).toBeUndefined();
  });

  it('gives printers the printer row, Linux-userland IoT a Linux row, firmware devices the embedded row', () => {
    expect(stackProfileFor({ osFamily: 'embedded', archetype: 'printer', distro: 'alpine' })).toBe('printer-hp-laserjet');
    expect(stackProfileFor({ osFamily: 'embedded', archetype: 'printer', distro: 'debian' })).toBe('printer-hp-laserjet');
    expect(stackProfileFor({ osFamily: 'embedded', archetype: 'iot-device', distro: 'alpine', kernelRelease: '6.6.32-0-rpi' })).toBe('linux-5.6');
    expect(stackProfileFor({ osFamily: 'embedded', archetype: 'industrial-control', distro: 'alpine' })).toBe('embedded-motorola-modem');
    expect(stackProfileFor({ osFamily: 'embedded', archetype: 'iot-device', distro: 'debian' })).toBe('embedded-motorola-modem');
    expect(stackProfileFor({ osFamily: 'windows_server' })).toBe('windows-server-2016');
    expect(stackProfileFor({ osFamily: 'windows', windowsBuild: 22631 })).toBe('windows-10-1709');
    expect(stackProfileFor({ osFamily: 'windows', windowsBuild: 14393 })).toBe('windows-10-1607');
  });

  it('every row claims the TTL its family\'s sysctls set, except the Linux-kernel rows of embedded personas', () => {
    for (const id of STACK_PROFILE_IDS) {
      const p = STACK_PROFILES[id];
      if (id === 'printer-hp-laserjet') expect(p.ttl).toBe(64);
      else expect(String(p.ttl), id).toBe(sysctlsFor(p.family)['net.ipv4.ip_default_ttl']);
    }
  });

  it('CLOAKED_OS_FAMILIES is exactly the families the table covers (all of them now)', () => {
    expect([...CLOAKED_OS_FAMILIES].sort()).toEqual([...new Set(Object.values(STACK_PROFILES).map((p) => p.family))].sort());
    expect([...CLOAKED_OS_FAMILIES].sort()).toEqual([...OS_FAMILIES].sort());
  });
});
