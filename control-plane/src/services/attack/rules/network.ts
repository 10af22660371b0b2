// Network-side rules (DECNET R0030, R0031, R0039, R0040, R0059): known C2 server fingerprints from
// the prober, beaconing from the attacker's timing, LLMNR poisoning, router config pulls over TFTP,
// IPv6 link-local leaks. `event` rules match "<service>:<event type>".
import type { RepoRule } from './types';

// Published default JARM of Cobalt Strike team servers and of Metasploit's HTTPS handler.
const C2_JARM = ['07d14d16d21d21d07c42d41d00041d24a458a375eef0c576d23a7bab9a9fb1', '07d14d16d21d21d00042d43d000000aa99ce74e2c6d013c745aa52b5cc042d'];

export const networkRules: RepoRule[] = [
  {
    id: 'R0030', version: 1, name: 'c2_server_fingerprint', description: 'The attacker address answers with the JARM of a known C2 framework (prober result).',
    appliesTo: ['fingerprint'], match: { kind: 'detector', name: 'fingerprint_value', params: { kind: 'jarm', values: C2_JARM } },
    emits: [{ tactic: 'command-and-control', technique: 'T1071', subTechnique: 'T1071.001', confidence: 0.75 }], evidence: ['fingerprint'],
    examples: { match: [{ kind: 'jarm', value: C2_JARM[0]! }], noMatch: [{ kind: 'jarm', value: '2ad2ad0002ad2ad00042d42d00000069d641f34fe76acdc05c40262f8815e5' }, { kind: 'ja3', value: C2_JARM[0]! }] },
  },
  {
    id: 'R0031', version: 1, name: 'beaconing', description: 'Regular contact with low jitter: automated check-ins (C2 beacon, scheduled transfer).',
    appliesTo: ['behaviour'], match: { kind: 'detector', name: 'beaconing', params: { min_intervals: 8, min_interval_s: 10, max_jitter: 0.15 } },
    emits: [{ tactic: 'command-and-control', technique: 'T1071', confidence: 0.6 }, { tactic: 'exfiltration', technique: 'T1029', confidence: 0.5 }], evidence: ['interval_s', 'jitter'],
    examples: { match: [{ iatCount: 20, iatMeanS: 60, iatSdS: 3 }, { iatCount: 8, iatMeanS: 300, iatSdS: 0 }], noMatch: [{ iatCount: 20, iatMeanS: 60, iatSdS: 30 }, { iatCount: 20, iatMeanS: 2, iatSdS: 0.1 }, { iatCount: 3, iatMeanS: 60, iatSdS: 0 }] },
  },
  {
    id: 'R0039', version: 1, name: 'llmnr_poisoning', description: 'Responder-style LLMNR/NBT-NS poisoning seen by the LLMNR sensor.',
    appliesTo: ['event'], match: { kind: 'pattern', pattern: String.raw`^llmnr:poisoning_detected$`, flags: '' },
    emits: [{ tactic: 'credential-access', technique: 'T1557', subTechnique: 'T1557.001', confidence: 0.85 }], evidence: ['event'],
    examples: { match: ['llmnr:poisoning_detected'], noMatch: ['llmnr:query', 'http:poisoning_detected_x'] },
  },
  {
    id: 'R0040', version: 1, name: 'network_device_config', description: 'Network device configuration files requested (TFTP or HTTP).',
    appliesTo: ['url'], match: { kind: 'pattern', pattern: String.raw`(?:running|startup)-config\b|network-confg\b|router[\w-]*\.(?:cfg|conf)\b|\.(?:cfg|conf)$`, flags: 'i' },
    emits: [{ tactic: 'collection', technique: 'T1602', subTechnique: 'T1602.002', confidence: 0.75 }], evidence: ['url'],
    examples: { match: ['startup-config', 'running-config', 'router1.cfg'], noMatch: ['pxelinux.0', '/index.html'] },
  },
  {
    id: 'R0059', version: 1, name: 'ipv6_link_local_leak', description: 'An IPv6 link-local address leaked by a client that came in over a proxy or tunnel.',
    appliesTo: ['event'], match: { kind: 'pattern', pattern: String.raw`^sniffer:ipv6_link_local_leak$`, flags: '' },
    emits: [{ tactic: 'command-and-control', technique: 'T1090', confidence: 0.4 }], evidence: ['event'],
    examples: { match: ['sniffer:ipv6_link_local_leak'], noMatch: ['sniffer:tls_client_hello'] },
  },
];
