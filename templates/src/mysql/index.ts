// The mysql template: a MySQL/MariaDB server's connection phase (protocol v10) that captures the
// mysql_native_password scramble response and answers ERR 1045 exactly like mysqld.
import { defineService } from '../service';
import type { Template } from '../template';
import { mysqlPersona, mysqlProcesses } from './persona';
import { mysqlConfigSchema, type MysqlConfig } from './config';
import { createMysqlSession } from './session';

export const mysqlTemplate: Template<MysqlConfig> = {
  name: 'mysql',
  defaultPorts: [3306],
  configSchema: mysqlConfigSchema,
  createSession: createMysqlSession,
};

export const mysqlService = defineService({
  template: mysqlTemplate,
  description: 'MySQL/MariaDB handshake: mysql_native_password capture, ERROR 1045 like mysqld',
  persona: mysqlPersona,
  processes: mysqlProcesses,
  smoke: { expect: (p): string => p.services.mysql.version.replace(/^5\.5\.5-/, '') },
});

export type { MysqlConfig } from './config';
