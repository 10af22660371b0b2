// The mysql template: a MySQL/MariaDB server's connection phase (protocol v10) that captures the
// mysql_native_password scramble response and answers ERR 1045 exactly like mysqld.
import type { Template } from '../template';
import { mysqlConfigSchema, type MysqlConfig } from './config';
import { createMysqlSession } from './session';

export const mysqlTemplate: Template<MysqlConfig> = {
  name: 'mysql',
  defaultPorts: [3306],
  configSchema: mysqlConfigSchema,
  createSession: createMysqlSession,
};

export type { MysqlConfig } from './config';
