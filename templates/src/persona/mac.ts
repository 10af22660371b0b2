// MAC addresses with an OUI plausible for the machine class (checked against nmap-mac-prefixes):
// hypervisor NICs for VMs, server and desktop vendors for hardware, printer and board makers for embedded.
import type { Rng } from './rng';

export type NicClass = 'vmware' | 'qemu' | 'hyperv' | 'xen' | 'server' | 'workstation' | 'hp-printer' | 'brother-printer' | 'rpi' | 'siemens' | 'cisco';

const OUIS: Readonly<Record<NicClass, readonly string[]>> = {
  vmware: ['00:50:56', '00:0c:29'],
  qemu: ['52:54:00'],
  hyperv: ['00:15:5d'],
  xen: ['00:16:3e'],
  // Dell, HPE, Supermicro, Intel server NICs.
  server: ['14:18:77', 'f4:8e:38', '24:6e:96', 'b0:83:fe', 'd4:ae:52', '18:66:da', '94:40:c9', '98:f2:b3', 'ac:1f:6b', '0c:c4:7a', 'a0:36:9f', '68:05:ca'],
  // Intel onboard, Dell OptiPlex/Latitude, HP EliteDesk, Lenovo (LCFC).
  workstation: ['f0:d5:bf', '2c:6d:c1', '54:bf:64', '8c:ec:4b', '6c:2b:59', 'a4:bb:6d', 'e4:b9:7a', 'c8:d9:d2', 'e8:d8:d1', '8c:8c:aa', '98:fa:9b'],
  'hp-printer': ['00:1e:0b', '9c:7b:ef', 'a0:d3:c1', 'b4:99:ba'],
  'brother-printer': ['00:80:77', '30:05:5c', '00:1b:a9', '3c:2a:f4'],
  rpi: ['b8:27:eb', 'dc:a6:32', 'e4:5f:01'],
  siemens: ['00:1b:1b', '00:0e:8c'],
  cisco: ['18:33:9d', '18:8b:45', '18:e7:28', '18:ef:63'],
};

export function ouisOf(nic: NicClass): readonly string[] {
  return OUIS[nic];
}

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

/** A unicast MAC with a vendor OUI of the class; VMware's static range keeps byte 4 in 00-3f. */
export function macFor(nic: NicClass, rng: Rng): string {
  const oui = rng.pick(OUIS[nic]);
  const b4 = oui === '00:50:56' ? rng.int(0, 0x3f) : rng.int(0, 255);
  return `${oui}:${hex2(b4)}:${hex2(rng.int(0, 255))}:${hex2(rng.int(0, 255))}`;
}

/** The interface name the distro gives this NIC (predictable names; Alpine, Xen, Hyper-V keep eth0). */
export function ifaceFor(nic: NicClass, distroFamily: string, distroSlug: string, rng: Rng): string {
  if (distroFamily === 'alpine' || distroSlug === 'kali' || nic === 'hyperv' || nic === 'xen' || nic === 'rpi') return 'eth0';
  switch (nic) {
    case 'vmware':
      return rng.pick(['ens160', 'ens192', 'ens192', 'ens224']);
    case 'qemu':
      return rng.pick(['ens18', 'ens18', 'ens3', 'enp1s0', 'enp6s18']);
    case 'server':
      return rng.pick(['eno1', 'eno1', 'eno1np0', 'enp59s0f0', 'eno8303']);
    case 'workstation':
      return rng.pick(['enp0s31f6', 'eno1', 'enp2s0']);
    default:
      return 'eth0';
  }
}
