// The sip template: the persona's PBX (Asterisk/FreePBX via res_pjsip or chan_sip, 3CX, a Cisco
// gateway) on 5060/udp and 5060/tcp: OPTIONS answered with its capabilities, REGISTER/INVITE
// challenged with Digest and every response captured for offline cracking.
import type { UdpTemplate } from '../datagram';
import { defineService } from '../service';
import type { Template } from '../template';
import { sipConfigSchema, type SipConfig } from './config';
import { createSipListener } from './listener';
import { sipPersona, sipProcesses } from './persona';
import { createSipSession } from './session';

export const sipUdpTemplate: UdpTemplate<SipConfig> = {
  name: 'sip',
  transport: 'udp',
  defaultPorts: [5060],
  configSchema: sipConfigSchema,
  createDatagramListener: createSipListener,
};

export const sipTemplate: Template<SipConfig> = {
  name: 'sip',
  defaultPorts: [5060],
  configSchema: sipConfigSchema,
  udp: sipUdpTemplate,
  createSession: createSipSession,
};

/** nmap's SIPOptions probe over TCP. */
const SIP_OPTIONS_TCP = 'OPTIONS sip:nm SIP/2.0\r\nVia: SIP/2.0/TCP nm;branch=foo\r\nFrom: <sip:nm@nm>;tag=root\r\nTo: <sip:nm2@nm2>\r\nCall-ID: 50000\r\nCSeq: 42 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\nContact: <sip:nm@nm>\r\nAccept: application/sdp\r\n\r\n';

export const sipService = defineService({
  template: sipTemplate,
  description: 'SIP PBX (UDP and TCP): Asterisk/FreePBX persona, OPTIONS, REGISTER/INVITE Digest challenges, digest responses captured',
  persona: sipPersona,
  processes: sipProcesses,
  smoke: { send: SIP_OPTIONS_TCP, expect: (p): string => `Server: ${p.services.sip.userAgent}\r\n` },
});

export type { SipConfig } from './config';
