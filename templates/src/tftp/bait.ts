// Files a persona's TFTP root holds, seeded per decky: a Cisco IOS config (type 7 passwords, which
// attackers decode, and SNMP communities) for a network device or an NMS backing configs up, and a
// PXE menu with a preseed/kickstart for Linux servers (MITRE T1602.002 bait).
import type { PersonaBasis } from '../service';
import type { Rng } from '../persona/rng';

const CRYPT64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const crypt64 = (rng: Rng, n: number): string => Array.from({ length: n }, () => CRYPT64[rng.int(0, 63)]).join('');

/** Cisco type 7 (`service password-encryption`): XOR with the well-known key, from a seeded offset. */
export function ciscoType7(password: string, offset: number): string {
  const key = 'dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87';
  let out = String(offset).padStart(2, '0');
  for (let i = 0; i < password.length; i++) out += (password.charCodeAt(i) ^ key.charCodeAt((offset + i) % key.length)).toString(16).toUpperCase().padStart(2, '0');
  return out;
}

const WORDS = ['Cisco', 'Netw0rk', 'Switch', 'Router', 'Backbone', 'Admin', 'Core', 'Uplink'];
const weakPassword = (rng: Rng): string => `${rng.pick(WORDS)}${rng.pick(['!', '#', '@', '', '$'])}${rng.int(2015, 2025)}`;

export function iosConfig(b: PersonaBasis, rng: Rng, device: string, ip: string, community: string): string {
  const ver = rng.pick(['15.2', '15.0', '12.2']);
  const gw = ip.split('.').slice(0, 3).join('.') + '.1';
  return [
    '!', `! Last configuration change at ${String(rng.int(0, 23)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')} UTC ${rng.pick(['Mon', 'Tue', 'Wed', 'Thu', 'Fri'])} ${rng.pick(['Mar', 'Jun', 'Sep', 'Nov'])} ${rng.int(1, 28)} 2025 by admin`,
    '!', `version ${ver}`, 'no service pad', 'service timestamps debug datetime msec', 'service timestamps log datetime msec', 'service password-encryption',
    '!', `hostname ${device}`, '!', 'boot-start-marker', 'boot-end-marker', '!',
    `enable secret 5 $1$${crypt64(rng, 4)}$${crypt64(rng, 22)}`, '!',
    `username admin privilege 15 password 7 ${ciscoType7(weakPassword(rng), rng.int(2, 15))}`,
    `username ${rng.pick(['netops', 'noc', 'backup'])} privilege 15 secret 5 $1$${crypt64(rng, 4)}$${crypt64(rng, 22)}`,
    'no aaa new-model', 'system mtu routing 1500', `ip domain-name ${b.domain}`, `ip name-server ${gw}`, '!',
    'spanning-tree mode rapid-pvst', 'spanning-tree extend system-id', '!',
    ...Array.from({ length: 8 }, (_, i) => [`interface GigabitEthernet1/0/${i + 1}`, i === 7 ? ' description Uplink-Core' : ` switchport access vlan ${rng.pick([10, 20, 30])}`, i === 7 ? ' switchport mode trunk' : ' switchport mode access', '!']).flat(),
    'interface Vlan1', ` ip address ${ip} 255.255.255.0`, '!', `ip default-gateway ${gw}`, 'ip http server', 'ip http secure-server', '!',
    `snmp-server community ${community} RO`, `snmp-server community ${rng.pick(['private', 'cisco', 'netadmin', 'rw'])}${rng.int(1, 99)} RW`,
    `snmp-server location ${rng.pick(['Server Room', 'IDF', 'MDF'])} ${rng.int(1, 4)}`, 'snmp-server contact noc@' + b.domain, '!',
    'line con 0', ' password 7 ' + ciscoType7(weakPassword(rng), rng.int(2, 15)), ' login', 'line vty 0 4', ' password 7 ' + ciscoType7(weakPassword(rng), rng.int(2, 15)), ' login local', ' transport input ssh telnet',
    'line vty 5 15', ' login local', '!', 'end', '',
  ].join('\n');
}

export function pxeFiles(b: PersonaBasis, rng: Rng): Record<string, string> {
  const org = b.domain.split('.')[0]!.toUpperCase();
  const rhel = b.release.family === 'rhel';
  const name = b.snap.prettyName;
  const install = rhel ? `ks/${b.release.slug}.cfg` : `preseed/${b.release.slug}.cfg`;
  const append = rhel
    ? `initrd=images/${b.release.slug}/initrd.img inst.ks=tftp://${b.ip}/${install} ip=dhcp`
    : `initrd=debian-installer/amd64/initrd.gz auto=true priority=critical url=tftp://${b.ip}/${install} vga=788 ---`;
  const kernel = rhel ? `images/${b.release.slug}/vmlinuz` : 'debian-installer/amd64/linux';
  const menu = [
    'DEFAULT menu.c32', 'PROMPT 0', `TIMEOUT ${rng.pick([50, 100, 300])}`, `MENU TITLE ${org} PXE Boot`, '',
    'LABEL local', '  MENU LABEL Boot from local disk', '  MENU DEFAULT', '  LOCALBOOT 0', '',
    `LABEL ${b.release.slug}`, `  MENU LABEL Install ${name} (unattended)`, `  KERNEL ${kernel}`, `  APPEND ${append}`, '',
    'LABEL memtest', '  MENU LABEL Memory test', '  KERNEL memtest86+.bin', '',
  ].join('\n');
  const hash = `$6$${crypt64(rng, 16)}$${crypt64(rng, 86)}`;
  const admin = rng.pick(['sysadmin', 'deploy', 'ansible', 'itadmin']);
  const userPassword = weakPassword(rng);
  const installer = rhel
    ? ['#version=RHEL9', 'text', 'lang en_US.UTF-8', 'keyboard us', `network --bootproto=dhcp --hostname=${b.hostname}`, `rootpw --iscrypted ${hash}`,
      `user --name=${admin} --groups=wheel --password=${userPassword} --plaintext`, 'timezone Etc/UTC --utc', 'zerombr', 'clearpart --all --initlabel', 'autopart --type=lvm', 'reboot', '',
      '%packages', '@^minimal-environment', 'openssh-server', '%end', ''].join('\n')
    : ['d-i debian-installer/locale string en_US.UTF-8', 'd-i keyboard-configuration/xkb-keymap select us', 'd-i netcfg/choose_interface select auto',
      `d-i netcfg/get_domain string ${b.domain}`, `d-i mirror/http/hostname string deb.debian.org`, `d-i passwd/root-password-crypted password ${hash}`,
      `d-i passwd/user-fullname string ${admin}`, `d-i passwd/username string ${admin}`, `d-i passwd/user-password password ${userPassword}`,
      `d-i passwd/user-password-again password ${userPassword}`, 'd-i clock-setup/utc boolean true', 'd-i time/zone string Etc/UTC',
      'd-i partman-auto/method string lvm', 'tasksel tasksel/first multiselect standard, ssh-server', 'd-i grub-installer/only_debian boolean true', 'd-i finish-install/reboot_in_progress note', ''].join('\n');
  return { 'pxelinux.cfg/default': menu, [install]: installer };
}
