// The ftp template: vsftpd or ProFTPD (per persona) with USER/PASS capture, a chrooted persona-
// derived tree, passive/active data connections through runner capabilities, and upload capture.
import type { Template } from '../template';
import { ftpConfigSchema, type FtpConfig } from './config';
import { createFtpSession } from './session';

export const ftpTemplate: Template<FtpConfig> = {
  name: 'ftp',
  defaultPorts: [21],
  configSchema: ftpConfigSchema,
  createSession: createFtpSession,
};

export type { FtpConfig } from './config';
export type { DataListener, FtpDataCapabilities } from './data-channel';
