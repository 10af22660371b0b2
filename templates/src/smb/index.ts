// The smb template: SMB2/3 (and SMB1 where the persona's OS still speaks it) on 445 and 139 with
// SPNEGO/NTLMSSP session setup capturing NTLMv2, a null session that lists persona-plausible
// shares over srvsvc, and STATUS_LOGON_FAILURE / STATUS_ACCESS_DENIED like Windows or Samba.
import { defineService } from '../service';
import type { Template } from '../template';
import { smbConfigSchema, type SmbConfig } from './config';
import { smbPersona, smbProcesses } from './persona';
import { createSmbSession } from './session';

export const smbTemplate: Template<SmbConfig> = {
  name: 'smb',
  defaultPorts: [445, 139],
  configSchema: smbConfigSchema,
  createSession: createSmbSession,
};

/** SMB1 NEGOTIATE offering "NT LM 0.12" and "SMB 2.002": every persona answers it in SMB2. */
const SMOKE_NEGOTIATE = Buffer.from('0000003aff534d4272000000001843c80000000000000000000000000000fffe00000000001700024e54204c4d20302e31320002534d4220322e30303200', 'hex');

export const smbService = defineService({
  template: smbTemplate,
  description: 'SMB2/3 (SMB1 where the OS has it): NTLMv2 capture over SPNEGO, anonymous share listing, nmap smb scripts answered per persona',
  persona: smbPersona,
  processes: smbProcesses,
  // The answer is an SMB2 NEGOTIATE response carrying the persona's seeded server GUID.
  smoke: { send: SMOKE_NEGOTIATE, expect: (p): string => Buffer.from(p.services.smb.serverGuid, 'hex').toString('latin1') },
});

export type { SmbConfig } from './config';
