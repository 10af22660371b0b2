// The postgres persona part: the major the distro ships (basis.pgMajor), whether ssl is on
// (Debian/Ubuntu packages yes, RHEL/Alpine no), the default password method, and the source line
// numbers PostgreSQL puts in its error fields (nmap versions the server by them); `ps` daemons.
import type { ShellProcessSeed } from '../_shell/persona';
import type { PersonaBasis } from '../service';

export interface PostgresPersona {
  major: number;
  ssl: boolean;
  auth: 'md5' | 'scram-sha-256';
  /** F field prefix: "" on Unix builds, ".\src\backend\<dir>\" on Windows (MSVC) builds. */
  windowsPaths: boolean;
  /** __LINE__ of the "unsupported frontend protocol" ereport in postmaster.c (ProcessStartupPacket). */
  startupLine: number;
  /** __LINE__ of auth_failed's ereport in auth.c, and of ClientAuthentication's pg_hba refusal. */
  authLine: number;
  hbaLine: number;
}

/**
 * Per major: postmaster.c lines as nmap-service-probes lists them for a late minor of that major
 * (9.2.22-24, 12.9-12.12, 13.5-13.8, 14.1-14.5, 15); 16 uses a line nmap has no entry for, so it
 * shows the softmatch "9.6.0 or later" as for real 16.x. auth.c lines are seen in public traces.
 */
const LINES: Record<number, [startup: number, auth: number, hba: number]> = {
  9: [1755, 285, 493],
  12: [2119, 333, 513],
  13: [2133, 330, 512],
  14: [2138, 326, 537],
  15: [2194, 326, 543],
  16: [2205, 323, 545],
};

export function postgresPersona(b: PersonaBasis): PostgresPersona {
  const windows = b.foreign === 'windows' || b.foreign === 'windows_server';
  const major = b.foreign ? 16 : b.pgMajor;
  const [startupLine, authLine, hbaLine] = LINES[major] ?? LINES[16]!;
  return {
    major,
    ssl: windows ? false : !b.foreign && b.release.family === 'debian',
    auth: major >= 14 ? 'scram-sha-256' : 'md5',
    windowsPaths: windows,
    startupLine,
    authLine,
    hbaLine,
  };
}

export function postgresProcesses(b: PersonaBasis): ShellProcessSeed[] {
  const v = b.pgMajor;
  const deb = b.release.family === 'debian';
  const main = deb ? `/usr/lib/postgresql/${v}/bin/postgres -D /var/lib/postgresql/${v}/main -c config_file=/etc/postgresql/${v}/main/postgresql.conf` : '/usr/bin/postgres -D /var/lib/pgsql/data';
  const tag = deb ? `${v}/main: ` : '';
  return [
    { user: 'postgres', command: main },
    ...['checkpointer', 'background writer', 'walwriter', 'autovacuum launcher', 'logical replication launcher'].map((p) => ({ user: 'postgres', command: `postgres: ${tag}${p} ` })),
  ];
}
