// The mysql persona part: the handshake version of the distro's MySQL or MariaDB build (or the
// INI's `version`) and the first connection id; and mysqld/mariadbd in `ps`.
import type { ShellProcessSeed } from '../_shell/persona';
import { configValue, type PersonaBasis } from '../service';

export interface MysqlPersona {
  /** Server version string of the handshake, e.g. "8.0.36-0ubuntu0.22.04.1" */
  version: string;
  connectionIdStart: number;
}

export function mysqlPersona(b: PersonaBasis): MysqlPersona {
  const connectionIdStart = b.rng('mysql').int(8, 9000);
  const derived = b.foreign === 'windows' || b.foreign === 'windows_server' ? '8.0.36' : b.foreign ? '8.0.37' : b.snap.sql;
  return { version: configValue(b, 'mysql', 'version') ?? derived, connectionIdStart };
}

export function mysqlProcesses(b: PersonaBasis): ShellProcessSeed[] {
  const rhel = b.release.family === 'rhel';
  if (b.sqlServer === 'mariadb') return [{ user: 'mysql', command: rhel ? '/usr/libexec/mariadbd --basedir=/usr' : '/usr/sbin/mariadbd', rssKb: 98_000 }];
  return [{ user: 'mysql', command: rhel ? '/usr/libexec/mysqld --basedir=/usr' : '/usr/sbin/mysqld', rssKb: 380_000 }];
}
