// The snmp persona part: the agent the persona would run (net-snmp on Linux/BSD, the Windows SNMP
// service, a printer's JetDirect/Brother NC agent, Cisco IOS, a Siemens PLC's CP), its system group
// strings as that agent words them, its v3 engine ID (none on Windows: its agent speaks v1/v2c only)
// and the snmpd line in `ps`. INI keys sys_descr, sys_contact, sys_location override the strings.
import type { ShellProcessSeed } from '../_shell/persona';
import { configValue, type PersonaBasis } from '../service';

export type SnmpAgent = 'net-snmp' | 'windows' | 'hp' | 'brother' | 'cisco' | 'siemens';

export interface SnmpPersona {
  agent: SnmpAgent;
  sysDescr: string;
  sysObjectId: string;
  sysContact: string;
  sysLocation: string;
  /** RFC 1213 sysServices bit mask (72 = application + end-to-end, net-snmp's default). */
  sysServices: number;
  /** SNMPv3 authoritative engine ID (hex); '' when the agent drops v3 like the Windows SNMP service. */
  engineIdHex: string;
  engineBoots: number;
  /** Seconds after boot at which the agent started (sysUpTime counts from there). */
  agentStartDelayS: number;
}

const ROOMS = ['Server Room', 'Serverraum', 'Data Center', 'Comms Room', 'IDF', 'MDF', 'Rack Room', 'Network Closet'];
const FLOORS = ['1st floor', '2nd floor', '3rd floor', 'Ground floor', 'Basement', 'Building A', 'Building B', 'HQ'];
const CPUS: ReadonlyArray<[model: number, stepping: number]> = [[85, 7], [85, 4], [79, 1], [106, 6], [158, 10], [165, 5], [63, 2], [143, 8]];

function linuxContact(b: PersonaBasis, rng: ReturnType<PersonaBasis['rng']>): [contact: string, location: string] {
  // Many machines keep the distro's snmpd.conf defaults; the rest name an admin and a rack.
  if (rng.chance(0.35)) {
    if (b.release.family === 'rhel') return ['Root <root@localhost> (configure /etc/snmp/snmp.local.conf)', 'Unknown (edit /etc/snmp/snmpd.conf)'];
    if (b.release.family === 'debian') return ['Me <me@example.org>', 'Sitting on the Dock of the Bay'];
  }
  const who = rng.pick(['root', 'admin', 'sysadmin', 'it', 'noc', 'ops', 'helpdesk']);
  const location = `${rng.pick(ROOMS)} ${rng.int(1, 4)}, ${rng.pick(FLOORS)}, Rack ${String.fromCharCode(65 + rng.int(0, 7))}${rng.int(1, 12)}`;
  return [`${who}@${b.domain === 'localdomain' ? b.fqdn : b.domain}`, location];
}

export function snmpPersona(b: PersonaBasis): SnmpPersona {
  const rng = b.rng('snmp');
  const engineRand = rng.hex(16);
  const boots = rng.int(1, 40);
  const start = rng.int(6, 25);
  const cfg = (key: string): string | undefined => configValue(b, 'snmp', key, 255);
  const done = (p: SnmpPersona): SnmpPersona => ({
    ...p, sysDescr: cfg('sys_descr') ?? p.sysDescr, sysContact: cfg('sys_contact') ?? p.sysContact, sysLocation: cfg('sys_location') ?? p.sysLocation,
  });
  if (b.windows) {
    const [model, stepping] = rng.pick(CPUS);
    const server = b.osFamily === 'windows_server';
    // The Windows SNMP service reports "Windows Version 6.3" on every build since 8.1 (GetVersionEx is manifest-capped).
    return done({
      agent: 'windows', sysServices: 76, engineIdHex: '', engineBoots: 0, agentStartDelayS: start + 20,
      sysDescr: `Hardware: Intel64 Family 6 Model ${model} Stepping ${stepping} AT/AT COMPATIBLE - Software: Windows Version 6.3 (Build ${b.windows.build} Multiprocessor Free)`,
      sysObjectId: server ? (b.archetype === 'domain-controller' ? '1.3.6.1.4.1.311.1.1.3.1.3' : '1.3.6.1.4.1.311.1.1.3.1.2') : '1.3.6.1.4.1.311.1.1.3.1.1',
      sysContact: '', sysLocation: '',
    });
  }
  if (b.foreign === 'cisco') {
    const ver = rng.pick(['15.2(7)E9', '15.2(7)E8', '15.2(4)E10', '15.0(2)SE11']);
    return done({
      agent: 'cisco', sysServices: 6, engineIdHex: `800000090300${engineRand.slice(0, 12)}`, engineBoots: boots, agentStartDelayS: start + 30,
      sysDescr: `Cisco IOS Software, C2960X Software (C2960X-UNIVERSALK9-M), Version ${ver}, RELEASE SOFTWARE (fc1)\r\nTechnical Support: http://www.cisco.com/techsupport\r\nCopyright (c) 1986-2023 by Cisco Systems, Inc.\r\nCompiled Thu 09-Nov-23 13:12 by mcpre`,
      sysObjectId: '1.3.6.1.4.1.9.1.1208', sysContact: '', sysLocation: '',
    });
  }
  if (b.printer === 'hp') {
    const model = rng.pick(['HP LaserJet M402dn', 'HP LaserJet Pro M404dn', 'HP Color LaserJet MFP M479fdw', 'HP LaserJet MFP M428fdw', 'HP LaserJet Enterprise M507']);
    const sn = `${rng.pick(['CNB', 'PHB', 'VNB', 'JPB'])}${rng.int(1, 9)}${rng.hex(6).toUpperCase()}`;
    return done({
      agent: 'hp', sysServices: 72, engineIdHex: `8000000b03${engineRand.slice(0, 12)}`, engineBoots: boots, agentStartDelayS: start,
      sysDescr: `HP ETHERNET MULTI-ENVIRONMENT,SN:${sn},FN:${rng.hex(7).toUpperCase()},SVCID:${rng.int(20000, 32000)},PID:${model}`,
      sysObjectId: '1.3.6.1.4.1.11.2.3.9.1', sysContact: '', sysLocation: '',
    });
  }
  if (b.printer === 'brother') {
    return done({
      agent: 'brother', sysServices: 72, engineIdHex: `8000098301${engineRand.slice(0, 16)}`, engineBoots: boots, agentStartDelayS: start,
      sysDescr: `Brother NC-${rng.pick(['8300h', '8800h', '9300h'])}, Firmware Ver.${rng.pick(['1.13', '1.19', '1.24'])}  (${rng.int(15, 22)}.${String(rng.int(1, 12)).padStart(2, '0')}.${String(rng.int(1, 28)).padStart(2, '0')}),MID 8C5-${rng.hex(3).toUpperCase()},FID 2`,
      sysObjectId: '1.3.6.1.4.1.2435.2.3.9.1', sysContact: '', sysLocation: '',
    });
  }
  if (b.archetype === 'industrial-control') {
    const cpu = rng.pick([['CPU 1214C DC/DC/DC', '6ES7 214-1AG40-0XB0'], ['CPU 1215C DC/DC/DC', '6ES7 215-1AG40-0XB0'], ['CPU 1212C AC/DC/Rly', '6ES7 212-1BE40-0XB0']] as const);
    return done({
      agent: 'siemens', sysServices: 78, engineIdHex: '', engineBoots: 0, agentStartDelayS: start,
      sysDescr: `Siemens, SIMATIC S7, ${cpu[0]}, ${cpu[1]}, HW: ${rng.int(1, 5)}, FW: V${rng.pick(['4.4.0', '4.5.2', '4.6.1'])}`,
      sysObjectId: '1.3.6.1.4.1.4329.6.1.2', sysContact: '', sysLocation: '',
    });
  }
  const [contact, location] = linuxContact(b, rng);
  if (b.foreign === 'bsd') {
    return done({
      agent: 'net-snmp', sysServices: 72, engineIdHex: `80001f8880${engineRand}`, engineBoots: boots, agentStartDelayS: start,
      sysDescr: `FreeBSD ${b.hostname} 14.1-RELEASE FreeBSD 14.1-RELEASE releng/14.1-n267679-10e31f0946d8 GENERIC amd64`,
      sysObjectId: '1.3.6.1.4.1.8072.3.2.8', sysContact: contact, sysLocation: location,
    });
  }
  // net-snmp: "Linux" + uname -n -r -v -m (agent/mibgroup/mibII/system_mib.c), engine ID 8072 format 128 (random + time).
  return done({
    agent: 'net-snmp', sysServices: 72, engineIdHex: `80001f8880${engineRand}`, engineBoots: boots, agentStartDelayS: start,
    sysDescr: `Linux ${b.hostname} ${b.snap.kernelRelease} ${b.snap.kernelVersion} ${b.arch}`,
    sysObjectId: '1.3.6.1.4.1.8072.3.2.10', sysContact: contact, sysLocation: location,
  });
}

export function snmpProcesses(b: PersonaBasis): ShellProcessSeed[] {
  if (b.foreign || b.printer || b.archetype === 'industrial-control') return [];
  if (b.release.family === 'debian') return [{ user: 'Debian-snmp', command: '/usr/sbin/snmpd -LOw -u Debian-snmp -g Debian-snmp -I -smux mteTrigger mteTriggerConf -f -p /run/snmpd.pid' }];
  return [{ user: 'root', command: '/usr/sbin/snmpd -LS0-6d -f' }];
}
