// Version-pinned extract of MITRE ATT&CK Enterprise: tactic and technique ids, names and tactics
// for every technique the rule engine can emit. Its SHA-256 is pinned (enterprise.test.ts), so an edit
// is deliberate; a rule emitting an id missing here fails the rule test.
export const ATTACK_RELEASE = 'enterprise-attack 17.1';
export const ATTACK_URL = (id: string) => `https://attack.mitre.org/techniques/${id.replace('.', '/')}/`;

/** Tactics in matrix (kill-chain) order: [shortname, id, name]. */
export const ATTACK_TACTICS: ReadonlyArray<readonly [string, string, string]> = [
  ['reconnaissance', 'TA0043', 'Reconnaissance'],
  ['resource-development', 'TA0042', 'Resource Development'],
  ['initial-access', 'TA0001', 'Initial Access'],
  ['execution', 'TA0002', 'Execution'],
  ['persistence', 'TA0003', 'Persistence'],
  ['privilege-escalation', 'TA0004', 'Privilege Escalation'],
  ['defense-evasion', 'TA0005', 'Defense Evasion'],
  ['credential-access', 'TA0006', 'Credential Access'],
  ['discovery', 'TA0007', 'Discovery'],
  ['lateral-movement', 'TA0008', 'Lateral Movement'],
  ['collection', 'TA0009', 'Collection'],
  ['command-and-control', 'TA0011', 'Command and Control'],
  ['exfiltration', 'TA0010', 'Exfiltration'],
  ['impact', 'TA0040', 'Impact'],
];

/** [id, name, tactic shortnames]; a sub-technique's name is its own (the parent's is looked up). */
export const ATTACK_TECHNIQUES: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  ['T1003', 'OS Credential Dumping', ['credential-access']],
  ['T1003.008', '/etc/passwd and /etc/shadow', ['credential-access']],
  ['T1016', 'System Network Configuration Discovery', ['discovery']],
  ['T1021', 'Remote Services', ['lateral-movement']],
  ['T1021.004', 'SSH', ['lateral-movement']],
  ['T1027', 'Obfuscated Files or Information', ['defense-evasion']],
  ['T1029', 'Scheduled Transfer', ['exfiltration']],
  ['T1033', 'System Owner/User Discovery', ['discovery']],
  ['T1036', 'Masquerading', ['defense-evasion']],
  ['T1046', 'Network Service Discovery', ['discovery']],
  ['T1049', 'System Network Connections Discovery', ['discovery']],
  ['T1053', 'Scheduled Task/Job', ['execution', 'persistence', 'privilege-escalation']],
  ['T1053.003', 'Cron', ['execution', 'persistence', 'privilege-escalation']],
  ['T1057', 'Process Discovery', ['discovery']],
  ['T1059', 'Command and Scripting Interpreter', ['execution']],
  ['T1059.004', 'Unix Shell', ['execution']],
  ['T1059.006', 'Python', ['execution']],
  ['T1070', 'Indicator Removal', ['defense-evasion']],
  ['T1070.003', 'Clear Command History', ['defense-evasion']],
  ['T1071', 'Application Layer Protocol', ['command-and-control']],
  ['T1071.001', 'Web Protocols', ['command-and-control']],
  ['T1078', 'Valid Accounts', ['defense-evasion', 'persistence', 'privilege-escalation', 'initial-access']],
  ['T1078.001', 'Default Accounts', ['defense-evasion', 'persistence', 'privilege-escalation', 'initial-access']],
  ['T1082', 'System Information Discovery', ['discovery']],
  ['T1083', 'File and Directory Discovery', ['discovery']],
  ['T1087', 'Account Discovery', ['discovery']],
  ['T1087.001', 'Local Account', ['discovery']],
  ['T1087.002', 'Domain Account', ['discovery']],
  ['T1090', 'Proxy', ['command-and-control']],
  ['T1098', 'Account Manipulation', ['persistence', 'privilege-escalation']],
  ['T1098.004', 'SSH Authorized Keys', ['persistence', 'privilege-escalation']],
  ['T1105', 'Ingress Tool Transfer', ['command-and-control']],
  ['T1110', 'Brute Force', ['credential-access']],
  ['T1110.001', 'Password Guessing', ['credential-access']],
  ['T1110.003', 'Password Spraying', ['credential-access']],
  ['T1110.004', 'Credential Stuffing', ['credential-access']],
  ['T1135', 'Network Share Discovery', ['discovery']],
  ['T1136', 'Create Account', ['persistence']],
  ['T1136.001', 'Local Account', ['persistence']],
  ['T1140', 'Deobfuscate/Decode Files or Information', ['defense-evasion']],
  ['T1190', 'Exploit Public-Facing Application', ['initial-access']],
  ['T1213', 'Data from Information Repositories', ['collection']],
  ['T1222', 'File and Directory Permissions Modification', ['defense-evasion']],
  ['T1222.002', 'Linux and Mac File and Directory Permissions Modification', ['defense-evasion']],
  ['T1482', 'Domain Trust Discovery', ['discovery']],
  ['T1485', 'Data Destruction', ['impact']],
  ['T1486', 'Data Encrypted for Impact', ['impact']],
  ['T1496', 'Resource Hijacking', ['impact']],
  ['T1505', 'Server Software Component', ['persistence']],
  ['T1505.003', 'Web Shell', ['persistence']],
  ['T1543', 'Create or Modify System Process', ['persistence', 'privilege-escalation']],
  ['T1543.002', 'Systemd Service', ['persistence', 'privilege-escalation']],
  ['T1548', 'Abuse Elevation Control Mechanism', ['privilege-escalation', 'defense-evasion']],
  ['T1548.001', 'Setuid and Setgid', ['privilege-escalation', 'defense-evasion']],
  ['T1548.003', 'Sudo and Sudo Caching', ['privilege-escalation', 'defense-evasion']],
  ['T1552', 'Unsecured Credentials', ['credential-access']],
  ['T1552.001', 'Credentials In Files', ['credential-access']],
  ['T1552.004', 'Private Keys', ['credential-access']],
  ['T1552.007', 'Container API', ['credential-access']],
  ['T1557', 'Adversary-in-the-Middle', ['credential-access', 'collection']],
  ['T1557.001', 'LLMNR/NBT-NS Poisoning and SMB Relay', ['credential-access', 'collection']],
  ['T1562', 'Impair Defenses', ['defense-evasion']],
  ['T1562.001', 'Disable or Modify Tools', ['defense-evasion']],
  ['T1567', 'Exfiltration Over Web Service', ['exfiltration']],
  ['T1595', 'Active Scanning', ['reconnaissance']],
  ['T1595.002', 'Vulnerability Scanning', ['reconnaissance']],
  ['T1602', 'Data from Configuration Repository', ['collection']],
  ['T1602.002', 'Network Device Configuration Dump', ['collection']],
  ['T1611', 'Escape to Host', ['privilege-escalation']],
];

export interface AttackTechnique {
  id: string;
  name: string;
  /** "Brute Force: Password Guessing" for a sub-technique, the name alone otherwise. */
  fullName: string;
  parentId: string | null;
  tactics: string[];
  url: string;
}

const byId = new Map<string, AttackTechnique>();
for (const [id, name, tactics] of ATTACK_TECHNIQUES) {
  const parentId = id.includes('.') ? id.slice(0, id.indexOf('.')) : null;
  byId.set(id, { id, name, fullName: name, parentId, tactics: [...tactics], url: ATTACK_URL(id) });
}
for (const t of byId.values()) if (t.parentId) t.fullName = `${byId.get(t.parentId)?.name ?? t.parentId}: ${t.name}`;
const tacticByShort = new Map(ATTACK_TACTICS.map(([short, id, name]) => [short, { short, id, name }]));

export function attackTechnique(id: string): AttackTechnique | undefined {
  return byId.get(id);
}
export function attackTactic(short: string): { short: string; id: string; name: string } | undefined {
  return tacticByShort.get(short);
}
export function allAttackTechniques(): AttackTechnique[] {
  return [...byId.values()];
}
