// The rdp template: X.224 negotiation with the mstshash cookie, TLS, and CredSSP/NLA with NTLMSSP
// whose CHALLENGE names the persona's Windows computer, domain and build; NTLMv2 captured.
import { defineService } from '../service';
import type { Template } from '../template';
import { rdpConfigSchema, type RdpConfig } from './config';
import { rdpPersona, rdpProcesses } from './persona';
import { createRdpSession } from './session';

export const rdpTemplate: Template<RdpConfig> = {
  name: 'rdp',
  defaultPorts: [3389],
  configSchema: rdpConfigSchema,
  createSession: createRdpSession,
};

/** nmap's TerminalServerCookie probe: X.224 CR with "Cookie: mstshash=nmap" asking for TLS|CredSSP. */
const NMAP_COOKIE_PROBE = Buffer.from('030000 2a 25 e0 0000 0000 00 436f6f6b69653a206d737473686173683d6e6d61700d0a 01 00 0800 03000000'.replace(/ /g, ''), 'hex');

export const rdpService = defineService({
  template: rdpTemplate,
  description: 'RDP: X.224 mstshash cookie, TLS and CredSSP (NLA) with NTLMSSP; NTLMv2 captured, logon failure like Windows',
  persona: rdpPersona,
  processes: rdpProcesses,
  smoke: {
    send: NMAP_COOKIE_PROBE,
    // Windows selects CredSSP (0x02) with flags 0x1f; xrdp selects TLS (0x01).
    expect: (p): string => (p.services.rdp.flavor === 'windows' ? '\x02\x1f\x08\x00\x02\x00\x00\x00' : '\x02\x01\x08\x00\x01\x00\x00\x00'),
  },
});

export type { RdpConfig } from './config';
