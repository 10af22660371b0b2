// The postgres template: a PostgreSQL server's startup and authentication phase (protocol v3) that
// captures MD5 and SCRAM-SHA-256 responses and fails them exactly like the persona's PostgreSQL.
import { defineService } from '../service';
import type { Template } from '../template';
import { postgresConfigSchema, type PostgresConfig } from './config';
import { postgresPersona, postgresProcesses } from './persona';
import { createPostgresSession } from './session';

export const postgresTemplate: Template<PostgresConfig> = {
  name: 'postgres',
  defaultPorts: [5432],
  configSchema: postgresConfigSchema,
  createSession: createPostgresSession,
};

/** A StartupMessage for user "postgres" (protocol 3.0). */
const STARTUP = Buffer.concat([Buffer.from([0, 0, 0, 0, 0, 3, 0, 0]), Buffer.from('user\0postgres\0database\0x\0\0', 'latin1')]);
STARTUP.writeUInt32BE(STARTUP.length, 0);

export const postgresService = defineService({
  template: postgresTemplate,
  description: 'PostgreSQL startup: MD5 and SCRAM-SHA-256 capture, FATAL 28P01 like postgres',
  persona: postgresPersona,
  processes: postgresProcesses,
  smoke: { send: STARTUP, expect: (p): string => (p.services.postgres.auth === 'md5' ? 'R\0\0\0\x0c\0\0\0\x05' : 'SCRAM-SHA-256') },
});

export type { PostgresConfig } from './config';
