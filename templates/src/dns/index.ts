// The dns template: a BIND 9 persona on 53/tcp and 53/udp, authoritative for the persona's zone,
// not an open resolver, transfers refused; logs DECNET's dns MSGIDs (fingerprinting, transfers,
// amplification, tunnelling, floods, reconnaissance, malformed queries).
import type { UdpTemplate } from '../datagram';
import { defineService } from '../service';
import type { Template } from '../template';
import { dnsConfigSchema, type DnsConfig } from './config';
import { createDnsListener } from './listener';
import { dnsPersona, dnsProcesses } from './persona';
import { createDnsSession } from './session';

export const dnsUdpTemplate: UdpTemplate<DnsConfig> = {
  name: 'dns',
  transport: 'udp',
  defaultPorts: [53],
  configSchema: dnsConfigSchema,
  createDatagramListener: createDnsListener,
};

export const dnsTemplate: Template<DnsConfig> = {
  name: 'dns',
  defaultPorts: [53],
  configSchema: dnsConfigSchema,
  udp: dnsUdpTemplate,
  createSession: createDnsSession,
};

/** nmap's DNSVersionBindReqTCP: version.bind CH TXT with RD, length-prefixed. */
const VERSION_BIND_TCP = Uint8Array.of(0, 30, 0, 6, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 7, ...Buffer.from('version'), 4, ...Buffer.from('bind'), 0, 0, 16, 0, 3);

export const dnsService = defineService({
  template: dnsTemplate,
  description: 'BIND 9 DNS (TCP and UDP): version.bind/NSID persona, authoritative persona zone, no recursion, AXFR refused; amplification and tunnelling flagged',
  persona: dnsPersona,
  processes: dnsProcesses,
  smoke: { send: VERSION_BIND_TCP, expect: (p): string => p.services.dns.version ?? 'hostmaster' },
});

export type { DnsConfig } from './config';
