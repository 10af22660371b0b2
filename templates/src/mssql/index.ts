// The mssql template: SQL Server's pre-login and login (TDS 7.x) with TLS inside TDS, capturing
// the de-obfuscated LOGIN7 password (or NTLMv2 for integrated security) and failing it like SQL Server.
import { defineService } from '../service';
import type { Template } from '../template';
import { mssqlConfigSchema, type MssqlConfig } from './config';
import { mssqlPersona, mssqlProcesses } from './persona';
import { createMssqlSession } from './session';
import { fallbackContext } from './tls-in-tds';

export const mssqlTemplate: Template<MssqlConfig> = {
  name: 'mssql',
  defaultPorts: [1433],
  configSchema: mssqlConfigSchema,
  prepare: async ({ persona }) => {
    await fallbackContext(persona.seed, new Date(persona.shell.bootedAtMs));
  },
  createSession: createMssqlSession,
};

/** nmap's ms-sql-s probe: PRELOGIN with VERSION, ENCRYPTION, INSTOPT "MSSQLServer", THREADID. */
const NMAP_PRELOGIN = Buffer.from('1201003400000000000015000601001b000102001c000c0300280004ff080001550000004d5353514c53657276657200480f0000', 'hex');

export const mssqlService = defineService({
  template: mssqlTemplate,
  description: 'SQL Server TDS pre-login and LOGIN7 (TLS in TDS): password or NTLMv2 captured, error 18456 like SQL Server',
  persona: mssqlPersona,
  processes: mssqlProcesses,
  smoke: {
    send: NMAP_PRELOGIN,
    expect: (p): string => {
      const [maj, min, build] = p.services.mssql.version;
      return String.fromCharCode(maj, min, (build >> 8) & 0xff, build & 0xff);
    },
  },
});

export type { MssqlConfig } from './config';
