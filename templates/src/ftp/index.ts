// The ftp template: vsftpd or ProFTPD (per persona) with USER/PASS capture, a chrooted persona-
// derived tree, passive/active data connections through runner capabilities, and upload capture.
import { defineService } from '../service';
import type { Template } from '../template';
import { ftpPersona, ftpProcesses } from './persona';
import { ftpConfigSchema, type FtpConfig } from './config';
import { createFtpSession } from './session';

export const ftpTemplate: Template<FtpConfig> = {
  name: 'ftp',
  defaultPorts: [21],
  configSchema: ftpConfigSchema,
  createSession: createFtpSession,
};

export const ftpService = defineService({
  template: ftpTemplate,
  description: 'vsftpd/ProFTPD: USER/PASS capture, a persona file tree, passive and active transfers, upload capture',
  persona: ftpPersona,
  processes: ftpProcesses,
  smoke: { expect: (p): string => p.services.ftp.banner.replace(/\[::ffff:[0-9.]+\]/, '') },
});

export type { FtpConfig } from './config';
export type { DataListener, FtpDataCapabilities } from './data-channel';
