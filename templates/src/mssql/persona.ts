// The mssql persona part: the SQL Server build that fits the persona's Windows (2016 on Server 2016,
// 2019 on 2019 and workstations, 2022 on 2022; 2019 on Linux) and the server name its errors carry;
// and sqlservr in `ps` on Linux personas.
import type { ShellProcessSeed } from '../_shell/persona';
import { configValue, type PersonaBasis } from '../service';

export interface MssqlPersona {
  /** major, minor, build, sub-build as PRELOGIN's VERSION carries them. */
  version: [number, number, number, number];
  /** "Microsoft SQL Server 2019" */
  product: string;
  /** @@SERVERNAME of the default instance: the computer name. */
  serverName: string;
}

const RTM: Record<number, [string, [number, number, number, number]]> = {
  13: ['Microsoft SQL Server 2016', [13, 0, 1601, 5]],
  14: ['Microsoft SQL Server 2017', [14, 0, 1000, 169]],
  15: ['Microsoft SQL Server 2019', [15, 0, 2000, 5]],
  16: ['Microsoft SQL Server 2022', [16, 0, 1000, 6]],
};

export function mssqlPersona(b: PersonaBasis): MssqlPersona {
  const build = b.windows?.build ?? 0;
  const major = build >= 20348 ? 16 : build === 14393 ? 13 : 15;
  const [product, version] = RTM[major]!;
  const configured = configValue(b, 'mssql', 'version');
  const v = configured ? (configured.split('.').map((x) => Number.parseInt(x, 10) || 0).concat(0, 0, 0, 0).slice(0, 4) as MssqlPersona['version']) : version;
  const name = RTM[v[0]]?.[0] ?? 'Microsoft SQL Server';
  return { version: v, product: configured ? name : product, serverName: b.windows?.netbiosComputer ?? b.hostname.toUpperCase().slice(0, 15) };
}

export function mssqlProcesses(b: PersonaBasis): ShellProcessSeed[] {
  if (b.foreign) return [];
  return [{ user: 'mssql', command: '/opt/mssql/bin/sqlservr', rssKb: 700_000 }, { user: 'mssql', command: '/opt/mssql/bin/sqlservr', rssKb: 2_400_000 }];
}
