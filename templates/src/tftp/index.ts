// The tftp template: a TFTP server on UDP 69 (RFC 1350 with RFC 2347-2349 options, as tftpd-hpa or
// the persona's device answers) serving the persona's seeded files (router configs, PXE menus),
// refusing or capturing writes, and logging every request and finished transfer.
import type { UdpTemplate } from '../datagram';
import { defineService } from '../service';
import { tftpConfigSchema, type TftpConfig } from './config';
import { createTftpListener } from './listener';
import { tftpPersona, tftpProcesses } from './persona';

export const tftpTemplate: UdpTemplate<TftpConfig> = {
  name: 'tftp',
  transport: 'udp',
  defaultPorts: [69],
  configSchema: tftpConfigSchema,
  createDatagramListener: createTftpListener,
};

export const tftpService = defineService({
  template: tftpTemplate,
  description: 'TFTP server (RRQ/WRQ with options): serves persona files such as router configs and PXE menus, logs requests and transfers',
  persona: tftpPersona,
  processes: tftpProcesses,
});

export type { TftpConfig } from './config';
